using Injector.Cli.Shared;
using Injector.Kubernetes;

namespace Injector.Cli.Tag;

/// <summary><c>tag set T --revision R [--overwrite]</c>.</summary>
internal sealed record TagSetSettings(string Tag, string Revision, bool Overwrite, KubeConnection Connection);

/// <summary><c>tag list [-o table|json|yaml]</c>.</summary>
internal sealed record TagListSettings(OutputFormat Output, KubeConnection Connection);

/// <summary><c>tag remove T [--force]</c>.</summary>
internal sealed record TagRemoveSettings(string Tag, bool Force, KubeConnection Connection);

/// <summary>
/// <c>tag generate T --revision R</c>: copied from R's configuration in <see cref="WebhooksFile"/> or, with
/// <see cref="FromCluster"/>, in the cluster; otherwise built for our own install of R in <see cref="Namespace"/>.
/// </summary>
internal sealed record TagGenerateSettings(
    string Tag,
    string Revision,
    string Namespace,
    string ReinvocationPolicy,
    int TimeoutSeconds,
    string? WebhooksFile,
    bool FromCluster,
    KubeConnection Connection);
