using Injector.Kubernetes;

namespace Injector.Cli.Migrate;

/// <summary>The parsed options of <c>injector migrate</c>.</summary>
internal sealed record MigrateSettings(
    string Namespace,
    string To,
    bool Restart,
    bool DryRun,
    string InstallNamespace,
    bool Verify,
    TimeSpan Timeout,
    TimeSpan PollInterval,
    KubeConnection Connection);
