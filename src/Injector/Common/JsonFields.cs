using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Common;

/// <summary>Small, tolerant readers over <see cref="JsonNode"/>: a missing or mistyped field reads as absent.</summary>
internal static class JsonFields
{
    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static long? Integer(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number) return null;
        // A parsed value reads as long; one built in memory keeps its CLR type (an int port, say).
        if (value.TryGetValue<long>(out var n)) return n;
        return value.TryGetValue<int>(out var i) ? i : null;
    }

    public static IReadOnlyList<string> StringList(JsonNode? node)
    {
        var result = new List<string>();
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                if (String(item) is { } s) result.Add(s);
            }
        }
        return result;
    }

    /// <summary>A string-to-string map such as <c>metadata.labels</c>; non-string values are skipped.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(JsonNode? node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (String(value) is { } s) result[key] = s;
            }
        }
        return result;
    }

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) => StringMap(obj["metadata"]?["labels"]);

    public static IReadOnlyDictionary<string, string> Annotations(JsonObject obj) => StringMap(obj["metadata"]?["annotations"]);

    public static string Name(JsonObject obj) => String(obj["metadata"]?["name"]) ?? "";

    public static string? Namespace(JsonObject obj) => String(obj["metadata"]?["namespace"]);
}
