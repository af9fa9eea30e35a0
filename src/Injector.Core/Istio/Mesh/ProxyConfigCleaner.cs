using System.Text.Json.Nodes;

namespace Injector.Istio.Mesh;

/// <summary>
/// The injection template's <c>cleanProxyConfig</c> (pkg/kube/inject/template.go): before <c>protoToJSON</c> prints a
/// ProxyConfig, the fields equal to <c>mesh.DefaultProxyConfig()</c> are dropped, so PROXY_CONFIG carries only what
/// the mesh or pod changed. A message field is dropped only when <c>proto.Equal</c> to the default's: the defaults
/// have no tracing, concurrency or metrics/access-log service, so a set one (even <c>tracing: {}</c>,
/// <c>concurrency: 0</c>) is kept.
/// </summary>
internal static class ProxyConfigCleaner
{
    /// <summary>The fields compared, by JSON name, in template.go's order.</summary>
    private static readonly string[] Compared =
    [
        "configPath", "binaryPath", "controlPlaneAuthPolicy", "drainDuration", "terminationDrainDuration",
        "discoveryAddress", "envoyMetricsService", "envoyAccessLogService", "tracing", "proxyAdminPort",
        "statNameLength", "statusPort", "concurrency",
    ];

    private static readonly JsonObject Defaults = MeshDefaults.ProxyConfig();

    public static JsonObject Clean(JsonObject proxyConfig)
    {
        var pc = (JsonObject)proxyConfig.DeepClone();
        foreach (var name in Compared)
        {
            // A field unset in both is equal and stays unset; set in one only, it differs.
            if (pc.TryGetPropertyValue(name, out var value) && Defaults.TryGetPropertyValue(name, out var standard)
                && JsonNode.DeepEquals(value, standard))
            {
                pc.Remove(name);
            }
        }
        // The cluster_name oneof: only a service_cluster equal to the default's is cleared.
        if (pc.TryGetPropertyValue("serviceCluster", out var cluster) && JsonNode.DeepEquals(cluster, Defaults["serviceCluster"]))
        {
            pc.Remove("serviceCluster");
        }
        // An empty proxyMetadata is already unset in the canonical form.
        return pc;
    }
}
