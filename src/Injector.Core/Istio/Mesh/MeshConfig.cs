using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Yaml;
using Injector.Templates.Values;

namespace Injector.Istio.Mesh;

/// <summary>
/// Istio's <c>meshconfig.MeshConfig</c> (a <c>*v1alpha1.MeshConfig</c> to templates): the <c>mesh</c> text of the
/// <c>istio[-&lt;rev&gt;]</c> ConfigMap applied over <see cref="Default"/>, as istiod does. Immutable.
/// </summary>
public sealed class MeshConfig : GoStruct, IProtoMessageValue
{
    private readonly JsonObject message;
    private readonly ProtoStructView view;

    internal MeshConfig(JsonObject canonical)
    {
        message = canonical;
        view = new ProtoStructView(ProtoCatalog.MeshConfig, canonical);
        DefaultConfig = new ProxyConfig(canonical["defaultConfig"] as JsonObject ?? []);
    }

    /// <summary><c>mesh.DefaultMeshConfig()</c>.</summary>
    public static MeshConfig Default { get; } = new(MeshDefaults.MeshConfig());

    /// <summary><c>mesh.ApplyMeshConfig(yaml, onto)</c>: see <see cref="MeshConfigMerge"/>.</summary>
    public static MeshConfig Apply(string yaml, MeshConfig onto)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(onto);
        var input = MeshConfigMerge.ReadYaml(yaml, "meshConfig", GoYamlLimits.Default);
        return new MeshConfig(MeshConfigMerge.ApplyMeshConfig(input, onto.message));
    }

    /// <summary><c>mesh.ApplyProxyConfig</c>: the pod's <c>proxy.istio.io/config</c> merged over
    /// <see cref="DefaultConfig"/> (a copy; this mesh is unchanged). Pod text: read within the annotation limits.</summary>
    public MeshConfig WithProxyConfigAnnotation(string annotationYaml)
    {
        ArgumentNullException.ThrowIfNull(annotationYaml);
        var input = MeshConfigMerge.ReadYaml(annotationYaml, "proxyConfig", MeshConfigMerge.AnnotationLimits);
        var copy = (JsonObject)message.DeepClone();
        var pc = copy["defaultConfig"] as JsonObject ?? [];
        MeshConfigMerge.MergeProxyConfig(input, pc, "proxyConfig");
        copy["defaultConfig"] = ProtoJsonWriter.Ordered(pc, ProtoCatalog.ProxyConfig);
        return new MeshConfig(copy);
    }

    /// <summary>
    /// The webhook's ProxyConfig (<c>Environment.GetProxyConfigOrDefault</c> → <c>EffectiveProxyConfig</c>, with no
    /// ProxyConfig resources): <c>DefaultProxyConfig()</c>, <see cref="DefaultConfig"/> and the pod's annotation
    /// combined with <c>proto.Merge</c> (<see cref="ProtoMerge"/>), later over earlier, a set concurrency or image
    /// replacing whole. The annotation is read over an empty ProxyConfig; when it cannot be read it is ignored, as
    /// Istio does (validation reports it separately). Kube-inject uses <see cref="WithProxyConfigAnnotation"/> instead.
    /// </summary>
    public ProxyConfig EffectiveProxyConfig(string? annotationYaml)
    {
        var effective = MergeWithPrecedence(DefaultConfig.Canonical, MeshDefaults.ProxyConfig());
        if (annotationYaml is not null)
        {
            try
            {
                var input = MeshConfigMerge.ReadYaml(annotationYaml, "proxyConfig", MeshConfigMerge.AnnotationLimits);
                var annotation = new JsonObject();
                ProtoJsonReader.MergeMessage(annotation, input, ProtoCatalog.ProxyConfig, "proxyConfig");
                effective = MergeWithPrecedence(MergeWithPrecedence(annotation), effective);
            }
            catch (MeshConfigException)
            {
                // proxyConfigFromAnnotation failed: EffectiveProxyConfig skips the annotation.
            }
        }
        return new ProxyConfig(ProtoJsonWriter.Ordered(effective, ProtoCatalog.ProxyConfig));
    }

    /// <summary>model.mergeWithPrecedence: earlier arguments win.</summary>
    private static JsonObject MergeWithPrecedence(params JsonObject[] configs)
    {
        var merged = new JsonObject();
        for (var i = configs.Length - 1; i >= 0; i--)
        {
            ProtoMerge.Merge(merged, configs[i], ProtoCatalog.ProxyConfig);
            if (configs[i]["concurrency"] is JsonNode concurrency) merged["concurrency"] = concurrency.DeepClone();
            if (configs[i]["image"] is JsonNode image) merged["image"] = image.DeepClone();
        }
        return merged;
    }

    /// <summary>validate.go's <c>validateProxyConfig</c> for the annotation: null when valid, else Istio's message.</summary>
    public static string? ValidateProxyConfigAnnotation(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            var input = MeshConfigMerge.ReadYaml(value, "proxyConfig", MeshConfigMerge.AnnotationLimits);
            var pc = MeshDefaults.ProxyConfig();
            ProtoJsonReader.MergeMessage(pc, input, ProtoCatalog.ProxyConfig, "proxyConfig");
            return MeshValidation.ValidateProxyConfig(pc);
        }
        catch (MeshConfigException e)
        {
            return "failed to convert to apply proxy config: " + e.Message;
        }
    }

    public ProxyConfig DefaultConfig { get; }

    /// <summary>As webhook.go reads it: the <c>enablePrometheusMerge</c> wrapper, true when unset.</summary>
    public bool EnablePrometheusMerge => message["enablePrometheusMerge"] is JsonNode n ? n.GetValue<bool>() : true;

    /// <summary><c>inboundTrafficPolicy.mode</c>'s name (<c>PASSTHROUGH</c> when unset).</summary>
    public string InboundTrafficPolicyMode => message["inboundTrafficPolicy"] is JsonObject p && p["mode"] is JsonNode m ? m.ToString() : "PASSTHROUGH";

    /// <summary><c>outboundTrafficPolicy.mode</c>'s name (<c>REGISTRY_ONLY</c> when unset).</summary>
    public string OutboundTrafficPolicyMode => message["outboundTrafficPolicy"] is JsonObject p && p["mode"] is JsonNode m ? m.ToString() : "REGISTRY_ONLY";

    public string TrustDomain => message["trustDomain"]?.GetValue<string>() ?? "";

    public string RootNamespace => message["rootNamespace"]?.GetValue<string>() ?? "";

    public int ProxyListenPort => message["proxyListenPort"] is JsonNode n ? (int)n.GetValue<long>() : 0;

    public int ProxyInboundListenPort => message["proxyInboundListenPort"] is JsonNode n ? (int)n.GetValue<long>() : 0;

    /// <summary>A field's Go value by Go name, as a template reads it.</summary>
    public object? Field(string goName) => view.TryGetField(goName, out var value) ? value : null;

    /// <summary>Every set field as protojson, in Go's field order (a copy).</summary>
    public JsonObject ToJson() => ProtoJsonWriter.Ordered(message, ProtoCatalog.MeshConfig);

    /// <summary>protojson, then YAML as <c>protomarshal.ToYAML</c> (sigs.k8s.io/yaml) prints it.</summary>
    public string ToYaml() => GoYaml.FromJson(ToJson());

    /// <summary>Compact protojson of the whole message (protoToJSON; only a ProxyConfig is cleaned).</summary>
    public string ToProtoJson() => view.ToProtoJson();

    public override string TypeName => view.TypeName;

    public override bool TryGetField(string name, out object? value)
    {
        if (name == "DefaultConfig")
        {
            value = DefaultConfig;
            return true;
        }
        return view.TryGetField(name, out value);
    }

    public override bool TryGetMethod(string name, out GoMethod? method)
    {
        if (name == "GetDefaultConfig")
        {
            var config = DefaultConfig;
            method = args => config;
            return true;
        }
        return view.TryGetMethod(name, out method);
    }

    public override void WriteJson(Utf8JsonWriter writer) => view.WriteJson(writer);

    public override string FormatValue() => view.FormatValue();
}
