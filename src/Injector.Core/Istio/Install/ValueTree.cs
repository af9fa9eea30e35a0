using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Istio.Install;

/// <summary>
/// Helm and istioctl value trees held as JSON nodes (a Go <c>map[string]any</c> is a <see cref="JsonObject"/>,
/// nil is a JSON null), with the merge both use: maps merge key by key, anything else (lists, scalars, null)
/// replaces. That is istioctl's <c>values.Map.MergeFrom</c> and Sprig's <c>mergeOverwrite</c> (mergo with
/// override: a nil source value overwrites too), so one rule serves both.
/// </summary>
internal static class ValueTree
{
    /// <summary>Merges <paramref name="source"/> into <paramref name="target"/> (which changes); the source is
    /// copied, never shared.</summary>
    public static void MergeInto(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject sourceMap && target[key] is JsonObject targetMap)
            {
                MergeInto(targetMap, sourceMap);
                continue;
            }
            target[key] = value?.DeepClone();
        }
    }

    /// <summary>The node at the dotted map path, or null when a step is missing or not a map.</summary>
    public static JsonNode? Get(JsonNode? root, params string[] path)
    {
        var current = root;
        foreach (var step in path)
        {
            if (current is not JsonObject map || !map.TryGetPropertyValue(step, out current)) return null;
        }
        return current;
    }

    /// <summary>The map at the path, created (replacing whatever non-map was there) when missing.</summary>
    public static JsonObject EnsureMap(JsonObject root, params string[] path)
    {
        var current = root;
        foreach (var step in path)
        {
            if (current[step] is not JsonObject next)
            {
                next = new JsonObject();
                current[step] = next;
            }
            current = next;
        }
        return current;
    }

    /// <summary>The string at the path, or "" when it is missing or not a string (Go's <c>GetPathString</c>).</summary>
    public static string GetString(JsonNode? root, params string[] path) =>
        Get(root, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    /// <summary>The bool at the path, or false when it is missing or not a bool (Go's <c>GetPathBool</c>).</summary>
    public static bool GetBool(JsonNode? root, params string[] path) =>
        Get(root, path) is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>Go template truth: false, 0, nil, "" and empty maps and lists are false.</summary>
    public static bool IsTruthy(JsonNode? node) => node switch
    {
        null => false,
        JsonObject map => map.Count > 0,
        JsonArray list => list.Count > 0,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>().Length > 0,
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => !IsZeroNumber(value),
        },
        _ => true,
    };

    private static bool IsZeroNumber(JsonValue value) =>
        double.TryParse(Kube.Json.JsonNumbers.Text(value), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var d) && d == 0;

    /// <summary>What Go's <c>fmt</c> prints for the value with <c>%v</c> (a template's <c>{{ x }}</c>): strings as
    /// they are, numbers as the float64 Helm holds them in, nil as <c>&lt;nil&gt;</c>.</summary>
    public static string GoPrint(JsonNode? node) => node switch
    {
        null => "<nil>",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "<nil>",
            _ => Kube.Yaml.GoFloatText.Float64G(double.Parse(Kube.Json.JsonNumbers.Text(value),
                System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)),
        },
        _ => node.ToJsonString(),
    };

    /// <summary>The string as a JSON (and so YAML) double-quoted scalar.</summary>
    public static string DoubleQuoted(string text)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        Kube.Json.GoJson.WriteString(buffer, text);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
