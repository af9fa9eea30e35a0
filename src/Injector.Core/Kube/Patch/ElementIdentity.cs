using System.Text;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Schema;

namespace Injector.Kube.Patch;

/// <summary>
/// What makes two list elements "the same element" for the diff: the list's map keys (<c>+listType=map</c>,
/// <c>+listMapKey</c>) or its patch merge key, when the elements are structs that have them (a container's name, a
/// port's number and protocol, a mount's path); otherwise equal content. Elements get small integer ids, equal for
/// the same identity, so the edit script compares integers.
/// </summary>
internal sealed class ElementIdentity
{
    private readonly string[]? _keys;
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<(JsonNode? Node, int Id)>> _byHash = [];
    private int _next;

    public ElementIdentity(KubeType? elementType, KubeField? field)
    {
        var element = elementType?.Deref();
        if (element is not { Kind: KubeKind.Struct } || field is null) return;
        if (field.ListType == "map" && field.ListMapKeys.Count > 0) _keys = [.. field.ListMapKeys];
        else if (field.PatchMergeKey is { } key) _keys = [key];
        if (_keys is not null && _keys.Any(k => !element.TryGetJsonField(k, out _))) _keys = null;
    }

    /// <summary>True when elements are matched by key rather than by content.</summary>
    public bool Keyed => _keys is not null;

    public int[] Ids(JsonArray array)
    {
        var ids = new int[array.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = Keyed ? KeyId(array[i]) : ContentId(array[i]);
        return ids;
    }

    private int KeyId(JsonNode? element)
    {
        var sb = new StringBuilder();
        foreach (var key in _keys!)
        {
            sb.Append(Encoding.UTF8.GetString(GoJson.Serialize((element as JsonObject)?[key]))).Append('\0');
        }
        var text = sb.ToString();
        if (!_byKey.TryGetValue(text, out var id)) _byKey[text] = id = _next++;
        return id;
    }

    private int ContentId(JsonNode? element)
    {
        var hash = Hash(element);
        if (!_byHash.TryGetValue(hash, out var bucket)) _byHash[hash] = bucket = [];
        foreach (var (node, id) in bucket)
        {
            if (JsonNode.DeepEquals(node, element)) return id;
        }
        var next = _next++;
        bucket.Add((element, next));
        return next;
    }

    private static int Hash(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return 0;
            case JsonObject obj:
                // Member order does not make objects different, so it must not change the hash.
                var members = 1;
                foreach (var (key, value) in obj) members += HashCode.Combine(key, Hash(value));
                return members;
            case JsonArray array:
                var a = new HashCode();
                a.Add(2);
                foreach (var item in array) a.Add(Hash(item));
                return a.ToHashCode();
            default:
                return HashCode.Combine(3, node.ToJsonString());
        }
    }
}
