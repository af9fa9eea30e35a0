namespace Injector.Injection;

/// <summary>What a request adds to the revision's settings: the pod's namespace and the path overrides
/// of Istio's multi-cluster form (<c>/inject/cluster/C/net/N</c>).</summary>
public readonly struct InjectionParameters
{
    public InjectionParameters(string? @namespace, string? clusterIdOverride = null, string? networkOverride = null)
    {
        Namespace = string.IsNullOrEmpty(@namespace) ? "default" : @namespace;
        ClusterIdOverride = clusterIdOverride;
        NetworkOverride = networkOverride;
    }

    public string Namespace { get; }
    public string? ClusterIdOverride { get; }
    public string? NetworkOverride { get; }
}
