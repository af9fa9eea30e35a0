using Injector.Cli.Shared;
using Injector.Kubernetes;

namespace Injector.Cli.CheckInject;

/// <summary>
/// The parsed options of <c>injector check-inject</c>. <see cref="WebhooksFile"/> set means offline: the webhooks come
/// from the file and the namespace labels from <see cref="NamespaceLabels"/>.
/// </summary>
internal sealed record CheckInjectSettings(
    string Namespace,
    string? Pod,
    IReadOnlyDictionary<string, string> PodLabels,
    string? WebhooksFile,
    IReadOnlyDictionary<string, string> NamespaceLabels,
    OutputFormat Output,
    KubeConnection Connection);
