using Injector.Cli.Shared;
using Injector.Kubernetes;

namespace Injector.Cli.Diff;

/// <summary>
/// The parsed options of <c>injector diff</c>. Workloads come from <see cref="Filename"/> (offline) or the live
/// Deployments, StatefulSets and DaemonSets of <see cref="Namespace"/>. Each side's revision config is its own
/// <c>--from-config</c>/<c>--to-config</c>, else <see cref="Config"/>, else (online) the revision's ConfigMap
/// <c>injector-R</c> in <see cref="InstallNamespace"/>, else the embedded default named R.
/// </summary>
internal sealed record DiffSettings(
    string From,
    string To,
    string? Namespace,
    string? Filename,
    string? Config,
    string? FromConfig,
    string? ToConfig,
    string InstallNamespace,
    OutputFormat Output,
    KubeConnection Connection);
