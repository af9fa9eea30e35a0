using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Tests.Parity;

/// <summary>The parity comparison: normalise both pods, then compare as trees (objects unordered, arrays ordered).</summary>
internal static class JsonComparison
{
    /// <summary>Drops the status annotation, env <c>fieldRef.apiVersion</c>, <c>creationTimestamp</c>, nulls and empties.</summary>
    public static JsonNode? Normalize(JsonNode? node)
    {
        var copy = node?.DeepClone();
        if (copy?["metadata"] is JsonObject metadata)
        {
            metadata.Remove("creationTimestamp");
            if (metadata["annotations"] is JsonObject annotations) annotations.Remove("sidecar.istio.io/status");
        }
        return Prune(copy, parentKey: null);
    }

    private static JsonNode? Prune(JsonNode? node, string? parentKey)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (key, value) in obj.ToList())
                {
                    if (parentKey == "fieldRef" && key == "apiVersion") continue;
                    var pruned = Prune(value, key);
                    if (pruned is not null) result[key] = pruned;
                }
                return result.Count == 0 ? null : result;
            }
            case JsonArray array:
            {
                var result = new JsonArray();
                foreach (var item in array)
                {
                    // Keep positions: an emptied element still occupies its slot.
                    result.Add(Prune(item, parentKey) ?? new JsonObject());
                }
                return result.Count == 0 ? null : result;
            }
            default:
                return node.DeepClone();
        }
    }

    /// <summary>Null when equal; else the JSON path of the first difference and both values.</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!a.ContainsKey(key)) return path + "." + key + ": missing (expected " + Short(value) + ")";
                    if (FirstDifference(value, a[key], path + "." + key) is { } d) return d;
                }
                foreach (var (key, value) in a.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!e.ContainsKey(key)) return path + "." + key + ": unexpected " + Short(value);
                }
                return null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
                {
                    if (FirstDifference(e[i], a[i], path + "[" + i + "]") is { } d) return d;
                }
                return e.Count == a.Count ? null : path + ": expected " + e.Count + " items, got " + a.Count;
            case (JsonValue e, JsonValue a):
                return JsonNode.DeepEquals(e, a) ? null : path + ": expected " + Short(e) + ", got " + Short(a);
            default:
                return path + ": expected " + Short(expected) + ", got " + Short(actual);
        }
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
        return text.Length > 300 ? text[..300] + "..." : text;
    }
}
