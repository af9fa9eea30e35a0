using System.Text.Json.Nodes;

namespace Injector.Istio.Mesh;

/// <summary>
/// Istio's <c>mesh.DefaultProxyConfig()</c> and <c>mesh.DefaultMeshConfig()</c> (pkg/config/mesh/mesh.go), as
/// protojson read through the schema, so every name and value is checked against it at startup.
/// </summary>
internal static class MeshDefaults
{
    /// <summary>constants.ConfigPathDir, ServiceClusterName, BinaryPathFilename, and mesh.go's values.</summary>
    public const string ProxyConfigJson = """
        {
          "configPath": "./etc/istio/proxy",
          "binaryPath": "/usr/local/bin/envoy",
          "serviceCluster": "istio-proxy",
          "drainDuration": "45s",
          "discoveryAddress": "istiod.istio-system.svc:15012",
          "proxyAdminPort": 15000,
          "controlPlaneAuthPolicy": "MUTUAL_TLS",
          "statNameLength": 189,
          "statusPort": 15020,
          "terminationDrainDuration": "5s"
        }
        """;

    /// <summary>DefaultMeshConfig without its defaultConfig (that is <see cref="ProxyConfigJson"/>). Zero values
    /// mesh.go spells out (accessLogFile "", TEXT, empty lists) are unset in protobuf and left out.</summary>
    public const string MeshConfigJson = """
        {
          "enableTracing": true,
          "protocolDetectionTimeout": "0s",
          "ingressService": "istio-ingressgateway",
          "ingressControllerMode": "STRICT",
          "ingressClass": "istio",
          "trustDomain": "cluster.local",
          "enableAutoMtls": true,
          "outboundTrafficPolicy": { "mode": "ALLOW_ANY" },
          "inboundTrafficPolicy": { "mode": "PASSTHROUGH" },
          "localityLbSetting": { "enabled": true },
          "rootNamespace": "istio-system",
          "proxyListenPort": 15001,
          "proxyInboundListenPort": 15006,
          "connectTimeout": "10s",
          "defaultServiceExportTo": ["*"],
          "defaultVirtualServiceExportTo": ["*"],
          "defaultDestinationRuleExportTo": ["*"],
          "dnsRefreshRate": "60s",
          "enablePrometheusMerge": true,
          "defaultProviders": {},
          "extensionProviders": [
            { "name": "prometheus", "prometheus": {} },
            { "name": "stackdriver", "stackdriver": {} },
            { "name": "envoy", "envoyFileAccessLog": { "path": "/dev/stdout" } }
          ]
        }
        """;

    public static JsonObject ProxyConfig() => Read(ProxyConfigJson, ProtoCatalog.ProxyConfig, "defaultProxyConfig");

    public static JsonObject MeshConfig()
    {
        var mesh = Read(MeshConfigJson, ProtoCatalog.MeshConfig, "defaultMeshConfig");
        mesh["defaultConfig"] = ProxyConfig();
        return ProtoJsonWriter.Ordered(mesh, ProtoCatalog.MeshConfig);
    }

    private static JsonObject Read(string json, ProtoMessageType type, string path)
    {
        var message = new JsonObject();
        ProtoJsonReader.MergeMessage(message, JsonNode.Parse(json), type, path, rejectUnknown: true);
        return ProtoJsonWriter.Ordered(message, type);
    }
}
