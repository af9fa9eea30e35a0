using Injector.Cli.Shared;
using Injector.Kubernetes;

namespace Injector.Cli.Revision.List;

/// <summary>The parsed options of <c>injector revision list</c>.</summary>
internal sealed record RevisionListSettings(OutputFormat Output, string InstallNamespace, KubeConnection Connection);
