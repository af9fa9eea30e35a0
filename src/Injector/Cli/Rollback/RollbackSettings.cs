using Injector.Kubernetes;

namespace Injector.Cli.Rollback;

/// <summary>The parsed options of <c>injector rollback</c>.</summary>
internal sealed record RollbackSettings(string Namespace, bool Restart, bool DryRun, KubeConnection Connection);
