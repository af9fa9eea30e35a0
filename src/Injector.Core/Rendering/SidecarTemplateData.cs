using System.Text;
using System.Text.Json;
using Injector.Templates.Formatting;
using Injector.Templates.Values;

namespace Injector.Rendering;

/// <summary>
/// Istio's <c>inject.SidecarTemplateData</c>, the value templates run over (<c>*inject.SidecarTemplateData</c>, as
/// <c>runTemplate</c> passes a pointer). Fields in Go's declaration order; it has no JSON tags, so <c>toJson .</c>
/// writes Go field names.
/// </summary>
internal sealed class SidecarTemplateData : GoStruct
{
    private static readonly string[] Names =
    [
        "TypeMeta", "DeploymentMeta", "ObjectMeta", "Spec", "ProxyConfig", "MeshConfig", "Values", "Revision",
        "NativeSidecars", "ProxyImage", "ProxyInitImage", "ProxyUID", "ProxyGID", "InboundTrafficPolicyMode", "CompliancePolicy",
    ];

    private readonly object?[] _values;

    public SidecarTemplateData(
        GoStruct typeMeta, GoStruct deploymentMeta, GoStruct objectMeta, GoStruct spec, GoStruct proxyConfig, GoStruct meshConfig,
        object? values, string revision, bool nativeSidecars, string proxyImage, string proxyInitImage, long proxyUid, long proxyGid,
        string inboundTrafficPolicyMode, string compliancePolicy)
    {
        _values =
        [
            typeMeta, deploymentMeta, objectMeta, spec, proxyConfig, meshConfig, values, revision, nativeSidecars,
            proxyImage, proxyInitImage, proxyUid, proxyGid, inboundTrafficPolicyMode, compliancePolicy,
        ];
    }

    public override string TypeName => "*inject.SidecarTemplateData";

    public override bool TryGetField(string name, out object? value)
    {
        var index = Array.IndexOf(Names, name);
        value = index >= 0 ? _values[index] : null;
        return index >= 0;
    }

    public override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        for (var i = 0; i < Names.Length; i++)
        {
            writer.WritePropertyName(Names[i]);
            switch (_values[i])
            {
                case GoStruct s: s.WriteJson(writer); break;
                case string s: writer.WriteStringValue(s); break;
                case bool b: writer.WriteBooleanValue(b); break;
                case long l: writer.WriteNumberValue(l); break;
                case GoMap map: WriteAny(writer, map); break;
                default: writer.WriteNullValue(); break;
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteAny(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case GoStruct s: s.WriteJson(writer); break;
            case GoMap map:
                writer.WriteStartObject();
                foreach (var (key, element) in map.SortedEntries)
                {
                    writer.WritePropertyName(key);
                    WriteAny(writer, element);
                }
                writer.WriteEndObject();
                break;
            case GoSlice slice:
                writer.WriteStartArray();
                for (var i = 0; i < slice.Count; i++) WriteAny(writer, slice[i]);
                writer.WriteEndArray();
                break;
            default: writer.WriteNullValue(); break;
        }
    }

    public override string FormatValue()
    {
        var builder = new StringBuilder("{");
        var printer = new GoPrinter();
        for (var i = 0; i < _values.Length; i++)
        {
            if (i > 0) builder.Append(' ');
            builder.Append(printer.Sprint(_values[i]));
        }
        return builder.Append('}').ToString();
    }
}
