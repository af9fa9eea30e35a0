using System.Buffers;
using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Injector.Injection;

/// <summary>
/// The <c>proxy.istio.io/config</c> annotation (a ProxyConfig in YAML or JSON), passed to the agent as compact JSON.
/// Parsed with YamlDotNet's representation model, which needs no reflection (AOT-safe), within the limits
/// <see cref="BoundedYaml"/> checks first.
/// </summary>
internal static class ProxyConfigAnnotation
{
    public static bool TryCompact(string text, IBufferWriter<byte> destination)
    {
        if (BoundedYaml.Load(text, out _) is not YamlMappingNode root) return false;
        using var writer = new Utf8JsonWriter(destination);
        Write(writer, root);
        return true;
    }

    /// <summary>Null when acceptable: a YAML/JSON mapping within the input limits.</summary>
    public static string? Problem(string value) => BoundedYaml.Load(value, out var limit) switch
    {
        YamlMappingNode root when HasOnlyScalarKeys(root) => null,
        YamlMappingNode => "mapping keys must be plain strings",
        _ => limit ?? "must be a YAML or JSON object (a ProxyConfig)",
    };

    // YAML allows a list or a mapping as a key (`? [a]`); JSON does not, so such a config cannot be passed on.
    private static bool HasOnlyScalarKeys(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode || !HasOnlyScalarKeys(value)) return false;
                }
                return true;
            case YamlSequenceNode list:
                foreach (var item in list.Children)
                {
                    if (!HasOnlyScalarKeys(item)) return false;
                }
                return true;
            default:
                return true;
        }
    }

    /// <summary><c>holdApplicationUntilProxyStarts: true</c> in the annotation.</summary>
    public static bool HoldsApplication(string text) =>
        BoundedYaml.Load(text, out _) is YamlMappingNode root
        && root.Children.TryGetValue(new YamlScalarNode("holdApplicationUntilProxyStarts"), out var hold)
        && hold is YamlScalarNode { Value: "true" or "True" };

    private static void Write(Utf8JsonWriter w, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                w.WriteStartObject();
                foreach (var (key, value) in map.Children)
                {
                    w.WritePropertyName((key as YamlScalarNode)?.Value ?? string.Empty);
                    Write(w, value);
                }
                w.WriteEndObject();
                break;
            case YamlSequenceNode list:
                w.WriteStartArray();
                foreach (var item in list.Children) Write(w, item);
                w.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(w, scalar);
                break;
            default:
                w.WriteNullValue();
                break;
        }
    }

    // Plain scalars are typed as YAML 1.2 core schema does; quoted ones stay strings.
    private static void WriteScalar(Utf8JsonWriter w, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.Plain)
        {
            switch (text)
            {
                case "" or "~" or "null": w.WriteNullValue(); return;
                case "true": w.WriteBooleanValue(true); return;
                case "false": w.WriteBooleanValue(false); return;
            }
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) { w.WriteNumberValue(l); return; }
            if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                    CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            {
                w.WriteNumberValue(d);
                return;
            }
        }
        w.WriteStringValue(text);
    }
}
