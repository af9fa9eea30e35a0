using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Templates.Formatting;

namespace Injector.Rendering;

/// <summary>
/// The typed reads istiod makes of the injector's <c>values</c> (its <c>opconfig.Values</c> struct): image parts,
/// cluster and network, probe rewriting, hold-application, platform and the istiod environment (<c>pilot.env</c>)
/// behind its feature flags. Read once at load; every read tolerates a missing or mistyped key as Go's getters do.
/// </summary>
public sealed class RevisionValues
{
    internal RevisionValues(JsonObject root)
    {
        Hub = String(root, "global", "hub");
        Tag = TagText(Node(root, "global", "tag"));
        Variant = String(root, "global", "variant");
        ProxyImageName = String(root, "global", "proxy", "image");
        ProxyInitImageName = String(root, "global", "proxy_init", "image");
        ClusterName = String(root, "global", "multiCluster", "clusterName");
        Network = String(root, "global", "network");
        Platform = String(root, "global", "platform");
        RewriteAppHttpProbe = Bool(root, "sidecarInjectorWebhook", "rewriteAppHTTPProbe");
        HoldApplicationUntilProxyStarts = Bool(root, "global", "proxy", "holdApplicationUntilProxyStarts");
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Node(root, "pilot", "env") is JsonObject envObject)
        {
            foreach (var (key, value) in envObject)
            {
                if (value is JsonValue v) env[key] = Scalar(v);
            }
        }
        IstiodEnvironment = env;
    }

    public string Hub { get; }

    /// <summary><c>global.tag</c> as <c>fmt.Sprintf("%v")</c> prints it (a number tag stays a number: <c>1.2</c>).</summary>
    public string Tag { get; }

    public string Variant { get; }
    public string ProxyImageName { get; }
    public string ProxyInitImageName { get; }
    public string ClusterName { get; }
    public string Network { get; }
    public string Platform { get; }
    public bool RewriteAppHttpProbe { get; }
    public bool HoldApplicationUntilProxyStarts { get; }

    /// <summary>istiod's environment as the chart sets it (<c>values.pilot.env</c>, scalars as text).</summary>
    public IReadOnlyDictionary<string, string> IstiodEnvironment { get; }

    /// <summary><c>platform.IsOpenShift()</c>: istiod's <c>PLATFORM</c> comes from <c>global.platform</c>.</summary>
    public bool IsOpenShift => Platform == "openshift" || IstiodEnvironment.TryGetValue("PLATFORM", out var p) && p == "openshift";

    /// <summary><c>ENABLE_NATIVE_SIDECARS</c>: true, false, or null (auto: decided by the cluster's nodes).</summary>
    public bool? NativeSidecarMode => IstiodEnvironment.TryGetValue("ENABLE_NATIVE_SIDECARS", out var v)
        ? v.ToLowerInvariant() switch { "true" or "1" or "t" => true, "false" or "0" or "f" => false, _ => null }
        : null;

    /// <summary><c>COMPLIANCE_POLICY</c> (<c>fips-140-3</c> or empty).</summary>
    public string CompliancePolicy => IstiodEnvironment.TryGetValue("COMPLIANCE_POLICY", out var v) ? v : "";

    private static JsonNode? Node(JsonObject root, params string[] path)
    {
        JsonNode? current = root;
        foreach (var key in path)
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(key, out current)) return null;
        }
        return current;
    }

    private static string String(JsonObject root, params string[] path) =>
        Node(root, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    // Protobuf's BoolValue accepts JSON booleans (and "true"/"false" strings through the YAML path).
    private static bool Bool(JsonObject root, params string[] path) => Node(root, path) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() == "true",
        _ => false,
    };

    private static string TagText(JsonNode? tag) => tag switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => new GoPrinter().Sprint(v.GetValue<double>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True ? "true" : "false",
        _ => "",
    };

    private static string Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.ToJsonString(),
        _ => "",
    };
}
