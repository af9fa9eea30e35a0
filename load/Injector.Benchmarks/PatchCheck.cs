using System.Text.Json.Nodes;

namespace Injector.Benchmarks;

/// <summary>
/// Applies an RFC 6902 patch made of add/remove/replace to a copy of a document, to check once per benchmark that the
/// naive baseline's patch is a real one (it turns the pod into the injected pod). Not on any measured path.
/// </summary>
internal static class PatchCheck
{
    public static bool Turns(JsonNode before, ReadOnlySpan<byte> patch, JsonNode expected)
    {
        var document = before.DeepClone();
        foreach (var operation in JsonNode.Parse(patch)!.AsArray())
        {
            var op = operation!["op"]!.GetValue<string>();
            var path = operation["path"]!.GetValue<string>();
            var value = operation["value"]?.DeepClone();
            var slash = path.LastIndexOf('/');
            var parent = Resolve(document, path[..slash]);
            var key = path[(slash + 1)..].Replace("~1", "/").Replace("~0", "~");
            switch (parent, op)
            {
                case (JsonObject o, "add" or "replace"): o[key] = value; break;
                case (JsonObject o, "remove"): o.Remove(key); break;
                case (JsonArray a, "add"): a.Insert(key == "-" ? a.Count : int.Parse(key), value); break;
                case (JsonArray a, "replace"): a[int.Parse(key)] = value; break;
                case (JsonArray a, "remove"): a.RemoveAt(int.Parse(key)); break;
                default: return false;
            }
        }
        return JsonNode.DeepEquals(document, expected);
    }

    private static JsonNode Resolve(JsonNode root, string pointer)
    {
        var node = root;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = raw.Replace("~1", "/").Replace("~0", "~");
            node = node is JsonArray array ? array[int.Parse(key)]! : node[key]!;
        }
        return node;
    }
}
