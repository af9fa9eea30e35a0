using System.Text.Json.Nodes;

namespace Injector.Tests.Fakes;

/// <summary>RFC 7386 merge patch and the RFC 6902 operations the commands send (add, replace, remove, test).</summary>
internal static class FakePatch
{
    public static void ApplyMergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null) target.Remove(key);
            else if (value is JsonObject child && target[key] is JsonObject existing) ApplyMergePatch(existing, child);
            else if (value is JsonObject newChild)
            {
                var created = new JsonObject();
                ApplyMergePatch(created, newChild);
                target[key] = created;
            }
            else target[key] = value.DeepClone();
        }
    }

    public static void ApplyJsonPatch(JsonObject document, JsonArray operations)
    {
        foreach (var node in operations)
        {
            var op = (string)node!["op"]!;
            var segments = ((string)node["path"]!).Split('/').Skip(1).Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToArray();
            var parent = Navigate(document, segments[..^1]);
            var last = segments[^1];
            var value = node["value"]?.DeepClone();
            switch (op)
            {
                case "add" or "replace" when parent is JsonObject o:
                    if (op == "replace" && !o.ContainsKey(last)) throw new InvalidOperationException("replace: missing " + node["path"]);
                    o[last] = value;
                    break;
                case "add" when parent is JsonArray a:
                    if (last == "-") a.Add(value); else a.Insert(int.Parse(last), value);
                    break;
                case "replace" when parent is JsonArray a:
                    a[int.Parse(last)] = value;
                    break;
                case "remove" when parent is JsonObject o:
                    if (!o.Remove(last)) throw new InvalidOperationException("remove: missing " + node["path"]);
                    break;
                case "test":
                    var actual = parent is JsonObject to ? to[last] : ((JsonArray)parent)[int.Parse(last)];
                    if (!JsonNode.DeepEquals(actual, node["value"])) throw new InvalidOperationException("test failed at " + node["path"]);
                    break;
                default:
                    throw new InvalidOperationException("unsupported op " + op);
            }
        }
    }

    private static JsonNode Navigate(JsonNode node, string[] segments)
    {
        foreach (var s in segments)
        {
            node = (node is JsonArray a ? a[int.Parse(s)] : node[s]) ?? throw new InvalidOperationException("missing path segment " + s);
        }
        return node;
    }
}
