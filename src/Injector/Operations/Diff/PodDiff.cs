using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Operations.Diff;

internal enum ChangeKind
{
    /// <summary>The pod gains it under the target revision.</summary>
    Added,
    /// <summary>The pod loses it.</summary>
    Removed,
    /// <summary>Present under both, with different values.</summary>
    Changed,
}

/// <summary>One difference between two pods, at a readable path such as <c>spec.containers[istio-proxy].env[CA_ADDR].value</c>.</summary>
internal sealed record PodChange(string Path, ChangeKind Kind, JsonNode? From, JsonNode? To);

/// <summary>
/// What a pod gains, loses and changes between two injections. Objects are compared key by key; lists whose items all
/// have distinct names (containers, env, volumes) item by item under their names; other lists and scalars whole. A
/// string holding a JSON object (<c>PROXY_CONFIG</c>, the status annotation) is compared key by key too, once (its
/// own strings are not parsed again). Work is linear in the two pods plus one comparison per unnamed list.
/// </summary>
internal static class PodDiff
{
    /// <summary>Longer strings are compared as text, not parsed: a bound on the work an annotation can ask for.</summary>
    public const int MaxEmbeddedJsonLength = 64 * 1024;

    public static IReadOnlyList<PodChange> Compare(JsonNode from, JsonNode to)
    {
        var changes = new List<PodChange>();
        Walk("", from, to, changes, parseStrings: true);
        return changes;
    }

    private static void Walk(string path, JsonNode? a, JsonNode? b, List<PodChange> changes, bool parseStrings)
    {
        switch (a, b)
        {
            case (JsonObject oa, JsonObject ob):
                foreach (var (key, value) in oa)
                {
                    if (ob.TryGetPropertyValue(key, out var other)) Walk(Member(path, key), value, other, changes, parseStrings);
                    else changes.Add(new PodChange(Member(path, key), ChangeKind.Removed, value, null));
                }
                foreach (var (key, value) in ob)
                {
                    if (!oa.ContainsKey(key)) changes.Add(new PodChange(Member(path, key), ChangeKind.Added, null, value));
                }
                return;
            case (JsonArray xa, JsonArray xb) when Names(xa) is { } na && Names(xb) is { } nb:
                foreach (var (name, item) in na)
                {
                    if (nb.TryGetValue(name, out var other)) Walk(path + "[" + name + "]", item, other, changes, parseStrings);
                    else changes.Add(new PodChange(path + "[" + name + "]", ChangeKind.Removed, item, null));
                }
                foreach (var (name, item) in nb)
                {
                    if (!na.ContainsKey(name)) changes.Add(new PodChange(path + "[" + name + "]", ChangeKind.Added, null, item));
                }
                return;
        }
        if (JsonNode.DeepEquals(a, b)) return;
        if (parseStrings && EmbeddedObject(a) is { } ea && EmbeddedObject(b) is { } eb)
        {
            Walk(path, ea, eb, changes, parseStrings: false);
            return;
        }
        changes.Add(new PodChange(path, ChangeKind.Changed, a, b));
    }

    /// <summary>Items by name when every item is an object with a distinct string <c>name</c>; null otherwise.</summary>
    private static Dictionary<string, JsonNode>? Names(JsonArray array)
    {
        var byName = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var item in array)
        {
            if (item is not JsonObject o || o["name"] is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return null;
            if (!byName.TryAdd(v.GetValue<string>(), o)) return null;
        }
        return byName;
    }

    private static JsonObject? EmbeddedObject(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return null;
        var text = v.GetValue<string>();
        if (text.Length is < 2 or > MaxEmbeddedJsonLength || text[0] != '{') return null;
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Member(string path, string key)
    {
        var simple = key.Length > 0;
        foreach (var c in key) simple &= char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
        if (simple) return path.Length == 0 ? key : path + "." + key;
        return path + "[\"" + key + "\"]";
    }
}
