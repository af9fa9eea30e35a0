using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Benchmarks;

/// <summary>
/// A whole-document diff into an RFC 6902 JSON Patch, the way generic injectors produce their patch (Istio's
/// <c>createPatch</c>, controller-runtime's <c>PatchResponseFromRaw</c>): objects key by key, arrays index by index,
/// a deep equality check at every level. Part of the naive baseline only; the injector never diffs.
/// </summary>
internal static class JsonPatchDiff
{
    public static void Write(Utf8JsonWriter writer, JsonNode? before, JsonNode? after)
    {
        writer.WriteStartArray();
        Diff(writer, before, after, "");
        writer.WriteEndArray();
    }

    private static void Diff(Utf8JsonWriter writer, JsonNode? before, JsonNode? after, string path)
    {
        if (JsonNode.DeepEquals(before, after)) return;
        switch (before, after)
        {
            case (JsonObject a, JsonObject b):
                foreach (var (key, value) in a)
                {
                    var child = path + "/" + Escape(key);
                    if (b.TryGetPropertyValue(key, out var other)) Diff(writer, value, other, child);
                    else Operation(writer, "remove", child, null, hasValue: false);
                }
                foreach (var (key, value) in b)
                {
                    if (!a.ContainsKey(key)) Operation(writer, "add", path + "/" + Escape(key), value, hasValue: true);
                }
                break;
            case (JsonArray a, JsonArray b):
                var common = Math.Min(a.Count, b.Count);
                for (var i = 0; i < common; i++) Diff(writer, a[i], b[i], path + "/" + i);
                for (var i = common; i < b.Count; i++) Operation(writer, "add", path + "/" + i, b[i], hasValue: true);
                for (var i = a.Count - 1; i >= common; i--) Operation(writer, "remove", path + "/" + i, null, hasValue: false);
                break;
            default:
                Operation(writer, "replace", path, after, hasValue: true);
                break;
        }
    }

    private static void Operation(Utf8JsonWriter writer, string op, string path, JsonNode? value, bool hasValue)
    {
        writer.WriteStartObject();
        writer.WriteString("op", op);
        writer.WriteString("path", path);
        if (hasValue)
        {
            writer.WritePropertyName("value");
            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    private static string Escape(string key) => key.Replace("~", "~0").Replace("/", "~1");
}
