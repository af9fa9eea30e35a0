using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Templates.Values;

namespace Injector.Istio.Mesh;

/// <summary>
/// Istio's <c>meshconfig.ProxyConfig</c> (a <c>*v1alpha1.ProxyConfig</c> to templates): the mesh's
/// <c>defaultConfig</c> with a pod's <c>proxy.istio.io/config</c> merged over it. Immutable.
/// </summary>
public sealed class ProxyConfig : GoStruct, IProtoMessageValue
{
    private readonly JsonObject message;
    private readonly ProtoStructView view;

    internal ProxyConfig(JsonObject canonical)
    {
        message = canonical;
        view = new ProtoStructView(ProtoCatalog.ProxyConfig, canonical);
    }

    /// <summary><c>mesh.DefaultProxyConfig()</c>.</summary>
    public static ProxyConfig Default { get; } = new(MeshDefaults.ProxyConfig());

    /// <summary>The canonical form (not to be changed).</summary>
    internal JsonObject Canonical => message;

    /// <summary>Every set field as protojson, in Go's field order (a copy).</summary>
    public JsonObject ToJson() => ProtoJsonWriter.Ordered(message, ProtoCatalog.ProxyConfig);

    /// <summary>What the template's <c>protoToJSON</c> prints: <c>cleanProxyConfig</c>, then compact protojson.</summary>
    public string ToProtoJson() => view.ToProtoJson();

    /// <summary>The inbound interception mode's name: <c>REDIRECT</c> (unset), <c>TPROXY</c> or <c>NONE</c>.</summary>
    public string InterceptionMode => message["interceptionMode"]?.ToString() ?? "REDIRECT";

    public int StatusPort => (int)Int("statusPort");

    public int ProxyAdminPort => (int)Int("proxyAdminPort");

    /// <summary>The <c>holdApplicationUntilProxyStarts</c> wrapper; null when unset.</summary>
    public bool? HoldApplicationUntilProxyStarts => message["holdApplicationUntilProxyStarts"] is JsonNode n ? n.GetValue<bool>() : null;

    /// <summary>The <c>concurrency</c> wrapper; null when unset.</summary>
    public int? Concurrency => message["concurrency"] is JsonNode n ? (int)n.GetValue<long>() : null;

    /// <summary><c>proxyMetadata</c>, sorted by key (Go's map order when printed).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ProxyMetadata =>
        message["proxyMetadata"] is JsonObject map
            ? map.Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.GetValue<string>())).OrderBy(p => p.Key, GoStringOrder.Instance).ToArray()
            : [];

    public string DiscoveryAddress => Str("discoveryAddress");

    public string ClusterName => Str("serviceCluster");

    public string MeshId => Str("meshId");

    /// <summary><c>image.imageType</c>; null when unset.</summary>
    public string? ImageType => message["image"] is JsonObject image && image["imageType"] is JsonNode t ? t.GetValue<string>() : null;

    /// <summary>Whether a <c>tracing</c> message is set (even empty).</summary>
    public bool HasTracing => message.ContainsKey("tracing");

    /// <summary>The <c>tracing</c> message as protojson (a copy), or null when unset.</summary>
    public JsonObject? Tracing => message["tracing"] is JsonObject t ? ProtoJsonWriter.Ordered(t, ProtoCatalog.ProxyConfig.FieldByJsonName("tracing")!.MessageType!) : null;

    /// <summary>A field's Go value by Go name, as a template reads it (<c>ProxyStatsMatcher</c>, ...).</summary>
    public object? Field(string goName) => view.TryGetField(goName, out var value) ? value : null;

    public override string TypeName => view.TypeName;

    public override bool TryGetField(string name, out object? value) => view.TryGetField(name, out value);

    public override bool TryGetMethod(string name, out GoMethod? method) => view.TryGetMethod(name, out method);

    public override void WriteJson(Utf8JsonWriter writer) => view.WriteJson(writer);

    public override string FormatValue() => view.FormatValue();

    private long Int(string name) => message[name] is JsonValue v ? v.GetValue<long>() : 0;

    private string Str(string name) => message[name] is JsonValue v ? v.GetValue<string>() : "";
}
