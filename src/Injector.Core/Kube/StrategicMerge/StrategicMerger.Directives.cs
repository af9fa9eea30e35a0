using System.Text.Json.Nodes;

namespace Injector.Kube.StrategicMerge;

internal sealed partial class StrategicMerger
{
    /// <summary>
    /// <c>$retainKeys: [..]</c> (<c>applyRetainKeysDirective</c>): every non-null patch key must be listed, and original
    /// keys not listed are cleared.
    /// </summary>
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(RetainKeysDirective, out var directive)) return;
        patch.Remove(RetainKeysDirective);
        if (directive is not JsonArray list) throw new StrategicMergeException("invalid patch format of retainKeys");
        var retained = new HashSet<GoKey>();
        foreach (var item in list) retained.Add(GoJsonValue.Key(item));
        foreach (var (key, value) in patch)
        {
            if (value is null || key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
                || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            if (!retained.Contains(NameKey(key))) throw new StrategicMergeException("invalid patch format of retainKeys");
        }
        var names = new List<string>(original.Count);
        foreach (var (key, _) in original) names.Add(key);
        foreach (var key in names)
        {
            if (!retained.Contains(NameKey(key))) original.Remove(key);
        }
    }

    private static GoKey NameKey(string key) => new(GoJsonType.String, key, 0);

    /// <summary>
    /// <c>$setElementOrder/&lt;list&gt;: [..]</c> (<c>mergePatchIntoOriginal</c>): the list is merged (or taken from
    /// whichever side has it), then ordered: listed elements in the directive's order, the others in original order,
    /// interleaved as for any merged list. The directive and the list leave the patch.
    /// </summary>
    private void MergeOrderedLists(JsonObject original, JsonObject patch, IPatchMetaLookup schema, int depth)
    {
        List<string>? directives = null;
        foreach (var (key, _) in patch)
        {
            if (key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)) (directives ??= []).Add(key);
        }
        if (directives is null) return;

        foreach (var directiveKey in directives)
        {
            var directive = patch[directiveKey];
            patch.Remove(directiveKey);
            if (directive is not JsonArray orderArray) throw BadArgType(SliceType, directive);
            var order = View(orderArray);
            var key = ExtractKey(directiveKey, SetElementOrderPrefix);

            JsonArray? originalArray = null, patchArray = null;
            if (original.TryGetPropertyValue(key, out var originalValue))
            {
                originalArray = originalValue as JsonArray ?? throw BadArgType(SliceType, originalValue);
            }
            if (patch.TryGetPropertyValue(key, out var patchValue))
            {
                patchArray = patchValue as JsonArray ?? throw BadArgType(SliceType, patchValue);
            }
            var sub = schema.LookupForSlice(key, out var meta);
            var strategy = Strategy(meta);
            var mergeKey = meta.PatchMergeKey;
            var originalItems = originalArray is null ? [] : View(originalArray);
            var patchItems = patchArray is null ? [] : View(patchArray);
            ValidatePatchWithSetOrderList(patchItems, order, mergeKey);

            List<JsonNode?> merged;
            if (originalArray is not null && patchArray is null)
            {
                merged = Items(originalArray);
            }
            else if (originalArray is null && patchArray is not null)
            {
                patch.Remove(key);
                RemoveDirectives(patchArray, depth + 1);
                merged = Items(patchArray);
            }
            else if (originalArray is not null && patchArray is not null)
            {
                patch.Remove(key);
                merged = Items(MergeSliceHandler(Items(originalArray), patchArray, sub, strategy, mergeKey, isDeleteList: false, depth + 1));
            }
            else
            {
                continue;
            }

            var (listed, serverOnly) = mergeKey.Length == 0 ? PartitionPrimitives(merged, order) : PartitionMaps(merged, order, mergeKey);
            var elementType = SliceElementType(originalItems, patchItems);
            var ordered = NormalizeElementOrder(listed, serverOnly, order, originalItems, mergeKey, elementType);
            original[key] = ToArray(ordered);
        }
    }

    /// <summary>
    /// <c>validatePatchWithSetOrderList</c>: the patch list's elements (deletions and directives aside) must appear in
    /// the <c>$setElementOrder</c> list, in the same relative order.
    /// </summary>
    private void ValidatePatchWithSetOrderList(List<JsonNode?> patchList, List<JsonNode?> order, string mergeKey)
    {
        if (order.Count == 0 || patchList.Count == 0) return;
        var nonDelete = mergeKey.Length > 0 ? ExtractToDeleteItems(patchList).Keep : patchList;
        int p = 0, s = 0;
        while (p < nonDelete.Count && s < order.Count)
        {
            if (nonDelete[p] is JsonObject marked && marked.ContainsKey(DirectiveMarker))
            {
                p++;
                continue;
            }
            if (MergeKeyValueEqual(nonDelete[p], order[s], mergeKey)) p++;
            s++;
        }
        if (p < nonDelete.Count && s >= order.Count)
        {
            var max = _limits.MaxMessageValueLength;
            throw new StrategicMergeException($"The order in patch list: {GoJsonValue.FormatV(ToView(patchList), max)} doesn't match {SetElementOrderPrefix} list: {GoJsonValue.FormatV(ToView(order), max)}");
        }
    }

    private bool MergeKeyValueEqual(JsonNode? left, JsonNode? right, string mergeKey)
    {
        if (mergeKey.Length == 0) return GoJsonValue.GoEquals(left, right);
        if (left is not JsonObject leftMap) throw BadArgType(MapType, left);
        if (right is not JsonObject rightMap) throw BadArgType(MapType, right);
        if (!leftMap.TryGetPropertyValue(mergeKey, out var leftKey)) throw NoMergeKey(leftMap, mergeKey);
        if (!rightMap.TryGetPropertyValue(mergeKey, out var rightKey)) throw NoMergeKey(rightMap, mergeKey);
        return GoJsonValue.GoEquals(leftKey, rightKey);
    }

    /// <summary>
    /// <c>removeDirectives</c>, in place: a map holding <c>$patch</c> is dropped (keep = false), as is any such map
    /// inside; other directive keys stay as they are.
    /// </summary>
    private (JsonNode? Value, bool Keep) RemoveDirectives(JsonNode? node, int depth)
    {
        Enter(depth);
        switch (node)
        {
            case JsonObject map:
                if (map.ContainsKey(DirectiveMarker)) return (null, false);
                List<string>? dropped = null;
                foreach (var (key, value) in map)
                {
                    if (!RemoveDirectives(value, depth + 1).Keep) (dropped ??= []).Add(key);
                }
                if (dropped is not null)
                {
                    foreach (var key in dropped) map.Remove(key);
                }
                return (map, true);
            case JsonArray list:
                var items = Items(list);
                foreach (var item in items)
                {
                    if (RemoveDirectives(item, depth + 1).Keep) list.Add(item);
                }
                return (list, true);
            default:
                return (node, true);
        }
    }

    /// <summary><c>discardNullValuesFromPatch</c>: null members removed from every map, at any depth (null list elements stay).</summary>
    private void DiscardNulls(JsonNode? node, int depth)
    {
        Enter(depth);
        switch (node)
        {
            case JsonObject map:
                List<string>? nulls = null;
                foreach (var (key, value) in map)
                {
                    if (value is null) (nulls ??= []).Add(key);
                    else DiscardNulls(value, depth + 1);
                }
                if (nulls is not null)
                {
                    foreach (var key in nulls) map.Remove(key);
                }
                break;
            case JsonArray list:
                foreach (var item in list) DiscardNulls(item, depth + 1);
                break;
        }
    }

    /// <summary>A list's items without detaching them (to read, not to place).</summary>
    private static List<JsonNode?> View(JsonArray array)
    {
        var items = new List<JsonNode?>(array.Count);
        foreach (var item in array) items.Add(item);
        return items;
    }
}
