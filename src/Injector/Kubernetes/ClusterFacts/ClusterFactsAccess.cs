namespace Injector.Kubernetes.ClusterFacts;

/// <summary>The API rights the cluster facts' watches use (<see cref="ClusterFactsService"/>): list and watch, nothing per request.</summary>
internal static class ClusterFactsAccess
{
    public const string NodesPath = "/api/v1/nodes";
    public const string NamespacesPath = "/api/v1/namespaces";

    public static ApiRight Nodes { get; } = new("", "nodes", ["list", "watch"],
        "read the nodes' kubelet versions: native sidecars when ENABLE_NATIVE_SIDECARS is auto (Istio's DetectNativeSidecar)");

    public static ApiRight Namespaces { get; } = new("", "namespaces", ["list", "watch"],
        "read the namespaces' openshift.io/sa.scc.* annotations: the proxy's UID and GID on OpenShift (Istio's GetProxyIDs)");

    /// <summary>The rights for a revision that reads the nodes and/or the namespaces.</summary>
    public static IReadOnlyList<ApiRight> Rights(bool nodes, bool namespaces) =>
        [.. nodes ? [Nodes] : Array.Empty<ApiRight>(), .. namespaces ? [Namespaces] : Array.Empty<ApiRight>()];
}
