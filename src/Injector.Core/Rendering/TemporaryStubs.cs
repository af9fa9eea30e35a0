// TEMPORARY: stand-ins for the `mesh` and `operator` branches' types until they land; removed on merge.
using Injector.Templates.Values;

namespace Injector.Istio.Mesh
{
    public sealed class MeshConfigException(string message) : Exception(message);

    public sealed class ProxyConfig : GoStruct, IProtoMessageValue
    {
        public string InterceptionMode => "REDIRECT";
        public int StatusPort => 15020;
        public bool? HoldApplicationUntilProxyStarts => null;
        public string DiscoveryAddress => "istiod.istio-system.svc:15012";
        public string? ImageType => null;
        public override string TypeName => "*v1alpha1.ProxyConfig";
        public override bool TryGetField(string name, out object? value)
        {
            value = name switch
            {
                "InterceptionMode" => new GoEnum("v1alpha1.ProxyConfig_InboundInterceptionMode", 0, "REDIRECT"),
                "ProxyMetadata" => GoStringMap.Nil,
                "HoldApplicationUntilProxyStarts" => new GoNilPointer("*wrapperspb.BoolValue", n => n == "GetValue" ? _ => false : null),
                _ => null,
            };
            return value is not null;
        }
        public override bool TryGetMethod(string name, out GoMethod? method)
        {
            method = name == "GetTracing" ? _ => new GoNilPointer("*v1alpha1.Tracing", n => n == "GetTlsSettings"
                ? _ => new GoNilPointer("*v1alpha3.ClientTLSSettings", m => m == "GetCaCertificates" ? _ => "" : null) : null) : null;
            return method is not null;
        }
        public override void WriteJson(System.Text.Json.Utf8JsonWriter writer) { writer.WriteStartObject(); writer.WriteEndObject(); }
        public override string FormatValue() => "{}";
        public string ToProtoJson() => "{}";
    }

    public sealed class MeshConfig : GoStruct, IProtoMessageValue
    {
        public static MeshConfig Default { get; } = new();
        public static MeshConfig Apply(string yaml, MeshConfig onto) => onto;
        public MeshConfig WithProxyConfigAnnotation(string annotationYaml) => this;
        public static string? ValidateProxyConfigAnnotation(string value) => null;
        public ProxyConfig DefaultConfig { get; } = new();
        public bool EnablePrometheusMerge => true;
        public string InboundTrafficPolicyMode => "passthrough";
        public string TrustDomain => "cluster.local";
        public override string TypeName => "*v1alpha1.MeshConfig";
        public override bool TryGetField(string name, out object? value)
        {
            value = name switch
            {
                "TrustDomain" => "cluster.local",
                "ProxyListenPort" or "ProxyInboundListenPort" => 0L,
                "ExtensionProviders" => GoListSlice.NilOf("[]*v1alpha1.MeshConfig_ExtensionProvider"),
                _ => null,
            };
            return value is not null;
        }
        public override bool TryGetMethod(string name, out GoMethod? method)
        {
            method = name == "GetExtensionProviders" ? _ => GoListSlice.NilOf("[]*v1alpha1.MeshConfig_ExtensionProvider") : null;
            return method is not null;
        }
        public override void WriteJson(System.Text.Json.Utf8JsonWriter writer) { writer.WriteStartObject(); writer.WriteEndObject(); }
        public override string FormatValue() => "{}";
        public string ToProtoJson() => "{}";
    }
}

namespace Injector.Istio.Install
{
    public sealed record InstallTexts(string Revision, string ValuesJson, string ConfigYaml, string MeshYaml, string Source);

    public sealed class InstallInputException(string message) : Exception(message);
}
