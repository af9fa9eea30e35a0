namespace Injector.Revisions;

/// <summary>
/// Where a process's revisions come from, as the user gave it on the command line. One kind of source at a time:
/// the project's revision YAML (<see cref="ConfigPath"/>, a front end onto Istio's inputs), Istio's install inputs
/// (<see cref="OperatorFiles"/>), or what a running install's istiod reads (<see cref="InjectConfigDir"/> and
/// <see cref="MeshConfigFile"/>; kube-inject's <see cref="InjectConfigFile"/>/<see cref="ValuesFile"/>). With none,
/// the embedded default. <see cref="Sets"/> (<c>--set</c>) applies on top of the first two kinds.
/// </summary>
public sealed record RevisionSource
{
    /// <summary><c>--config</c>: a revision YAML file or a directory of them.</summary>
    public string? ConfigPath { get; init; }

    /// <summary><c>--operator-file</c>: IstioOperator files applied in order to one revision, or one directory holding
    /// one revision per file (each naming its <c>spec.revision</c>).</summary>
    public IReadOnlyList<string> OperatorFiles { get; init; } = [];

    /// <summary><c>--set PATH=VALUE</c> in IstioOperator paths, applied after the files.</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    /// <summary><c>--inject-config-dir</c>: the mounted <c>istio-sidecar-injector[-rev]</c> ConfigMap (files <c>config</c>, <c>values</c>).</summary>
    public string? InjectConfigDir { get; init; }

    /// <summary><c>--mesh-config</c> / kube-inject's <c>--meshConfigFile</c>: the <c>mesh</c> of <c>istio[-rev]</c>.</summary>
    public string? MeshConfigFile { get; init; }

    /// <summary>kube-inject's <c>--injectConfigFile</c> (istioctl's flag).</summary>
    public string? InjectConfigFile { get; init; }

    /// <summary>kube-inject's <c>--valuesFile</c> (istioctl's flag).</summary>
    public string? ValuesFile { get; init; }

    /// <summary><c>serve --from-cluster</c>: the revision's <c>istio-sidecar-injector[-REV]</c> and <c>istio[-REV]</c>
    /// ConfigMaps in <see cref="ClusterNamespace"/>, read from the API server and watched (by the server, not this loader).</summary>
    public bool FromCluster { get; init; }

    /// <summary>Where <see cref="FromCluster"/> reads the ConfigMaps (the install namespace).</summary>
    public string ClusterNamespace { get; init; } = Istio.IstioNames.IstioSystemNamespace;

    /// <summary><c>--revision</c>: the revision served on <c>/inject</c> (and named by inputs that do not name one).</summary>
    public string? Revision { get; init; }

    /// <summary>The embedded default revision.</summary>
    public static RevisionSource Embedded { get; } = new();

    /// <summary>Every file or directory a load reads: what a hot reload watches (empty for the embedded default).</summary>
    public IReadOnlyList<string> WatchedPaths
    {
        get
        {
            var paths = new List<string>();
            if (ConfigPath is { Length: > 0 }) paths.Add(ConfigPath);
            paths.AddRange(OperatorFiles);
            foreach (var path in new[] { InjectConfigDir, MeshConfigFile, InjectConfigFile, ValuesFile })
            {
                if (path is { Length: > 0 }) paths.Add(path);
            }
            return paths;
        }
    }

    /// <summary>A stable text naming the whole source (records compare lists by reference; this compares content).</summary>
    public string Key => string.Join('\u0000', [ConfigPath, string.Join('\u0001', OperatorFiles), string.Join('\u0001', Sets),
        InjectConfigDir, MeshConfigFile, InjectConfigFile, ValuesFile, Revision, FromCluster ? "cluster:" + ClusterNamespace : null]);
}
