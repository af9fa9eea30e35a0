using System.Text.Json.Nodes;

namespace Injector.Kube.StrategicMerge;

internal sealed partial class StrategicMerger
{
    /// <summary>
    /// <c>mergeSliceHandler</c>: a list with the <c>merge</c> strategy (or a deletion list) is merged; any other list
    /// is replaced by the patch's, exactly as written.
    /// </summary>
    private JsonArray MergeSliceHandler(List<JsonNode?> original, JsonArray patch, IPatchMetaLookup schema, string strategy,
        string mergeKey, bool isDeleteList, int depth)
    {
        if (strategy != MergeDirective && !isDeleteList) return patch;
        return ToArray(MergeSlice(original, Items(patch), schema, mergeKey, isDeleteList, depth));
    }

    /// <summary>
    /// <c>mergeSlice</c>. Scalars: the union without duplicates (or, for a deletion list, the original without the
    /// listed values). Maps: <c>$patch</c> elements first (delete by merge key, replace the whole list), then each
    /// patch element merged into the original element with the same merge key or appended. Then the order is
    /// normalized: patch elements in patch order, the others in original order, interleaved by original position.
    /// </summary>
    private List<JsonNode?> MergeSlice(List<JsonNode?> original, List<JsonNode?> patch, IPatchMetaLookup schema, string mergeKey,
        bool isDeleteList, int depth)
    {
        Enter(depth);
        if (original.Count == 0 && patch.Count == 0) return original;
        var elementType = SliceElementType(original, patch);
        List<JsonNode?> merged;
        if (elementType != GoJsonType.Map)
        {
            if (isDeleteList) return DeleteFromSlice(original, patch);
            merged = DeduplicateScalars(original, patch);
        }
        else
        {
            if (mergeKey.Length == 0) throw new StrategicMergeException($"cannot merge lists without merge key for {schema.Name}");
            (original, patch) = MergeSliceWithSpecialElements(original, patch, mergeKey);
            merged = MergeSliceWithoutSpecialElements(original, patch, mergeKey, schema, depth);
        }
        var (patchItems, serverOnly) = mergeKey.Length == 0
            ? PartitionPrimitives(merged, patch)
            : PartitionMaps(merged, patch, mergeKey);
        return NormalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, elementType);
    }

    /// <summary>
    /// The one Go type every element of the lists has (<c>sliceElementType</c>): lists of lists, mixed types, null
    /// elements and no elements at all are errors.
    /// </summary>
    private GoJsonType SliceElementType(List<JsonNode?> first, List<JsonNode?> second)
    {
        GoJsonType? type = null;
        foreach (var list in (ReadOnlySpan<List<JsonNode?>>)[first, second])
        {
            foreach (var item in list)
            {
                var current = GoJsonValue.TypeOf(item);
                if (type is null)
                {
                    // Go asks a nil reflect.Type for its kind here and panics.
                    if (current == GoJsonType.Nil) throw new StrategicMergeException("runtime error: invalid memory address or nil pointer dereference (a list element is null)");
                    if (current == GoJsonType.Slice) throw new StrategicMergeException("lists of lists are not supported");
                    type = current;
                }
                else if (type != current)
                {
                    var max = _limits.MaxMessageValueLength;
                    throw new StrategicMergeException($"list element types are not identical: [{GoJsonValue.FormatV(ToView(first), max)} {GoJsonValue.FormatV(ToView(second), max)}]");
                }
            }
        }
        return type ?? throw new StrategicMergeException("no elements in any of the given slices");
    }

    /// <summary>Scalars of both lists, each value once (Go compares them with <c>==</c>).</summary>
    private static List<JsonNode?> DeduplicateScalars(List<JsonNode?> original, List<JsonNode?> patch)
    {
        var seen = new HashSet<GoKey>();
        var result = new List<JsonNode?>(original.Count + patch.Count);
        foreach (var list in (ReadOnlySpan<List<JsonNode?>>)[original, patch])
        {
            foreach (var item in list)
            {
                if (seen.Add(GoJsonValue.Key(item))) result.Add(item);
            }
        }
        return result;
    }

    /// <summary><c>$deleteFromPrimitiveList</c>: the original values not listed, in their order.</summary>
    private static List<JsonNode?> DeleteFromSlice(List<JsonNode?> current, List<JsonNode?> toDelete)
    {
        var delete = new HashSet<GoKey>();
        foreach (var item in toDelete) delete.Add(GoJsonValue.Key(item));
        var kept = new List<JsonNode?>(current.Count);
        foreach (var item in current)
        {
            if (!delete.Contains(GoJsonValue.Key(item))) kept.Add(item);
        }
        return kept;
    }

    /// <summary>
    /// <c>mergeSliceWithSpecialElements</c>: patch elements with <c>$patch</c>. <c>delete</c> removes every original
    /// element with that merge key; <c>replace</c> makes the list the patch's other elements; <c>merge</c> is refused.
    /// </summary>
    private (List<JsonNode?> Original, List<JsonNode?> Patch) MergeSliceWithSpecialElements(List<JsonNode?> original, List<JsonNode?> patch, string mergeKey)
    {
        var plain = new List<JsonNode?>(patch.Count);
        var replace = false;
        HashSet<GoKey>? deleted = null;
        foreach (var item in patch)
        {
            var map = (JsonObject)item!;
            if (!map.TryGetPropertyValue(DirectiveMarker, out var directive))
            {
                plain.Add(item);
                continue;
            }
            if (GoJsonValue.IsString(directive, DeleteDirective))
            {
                if (!map.TryGetPropertyValue(mergeKey, out var value)) throw NoMergeKey(map, mergeKey);
                (deleted ??= []).Add(GoJsonValue.Key(value));
            }
            else if (GoJsonValue.IsString(directive, ReplaceDirective))
            {
                replace = true; // the other $patch elements are still checked
            }
            else if (GoJsonValue.IsString(directive, MergeDirective))
            {
                throw new StrategicMergeException("merging lists cannot yet be specified in the patch");
            }
            else
            {
                throw BadPatchType(directive, map);
            }
        }
        if (replace) return (plain, []);
        if (deleted is not null)
        {
            original = original.FindAll(item => !(item is JsonObject map && map.TryGetPropertyValue(mergeKey, out var value)
                && deleted.Contains(GoJsonValue.Key(value))));
        }
        return (original, plain);
    }

    /// <summary>
    /// <c>mergeSliceWithoutSpecialElements</c>: each patch element merges into the first element with an equal merge
    /// key (an element appended earlier counts) or is appended. Elements are found through an index by merge key.
    /// </summary>
    private List<JsonNode?> MergeSliceWithoutSpecialElements(List<JsonNode?> original, List<JsonNode?> patch, string mergeKey,
        IPatchMetaLookup schema, int depth)
    {
        var merged = new List<JsonNode?>(original.Count + patch.Count);
        merged.AddRange(original);
        var index = new Dictionary<GoKey, int>(merged.Count);
        for (var i = 0; i < merged.Count; i++)
        {
            if (merged[i] is JsonObject map && map.TryGetPropertyValue(mergeKey, out var value)) index.TryAdd(GoJsonValue.Key(value), i);
        }
        foreach (var item in patch)
        {
            var patchMap = (JsonObject)item!;
            if (!patchMap.TryGetPropertyValue(mergeKey, out var value)) throw NoMergeKey(patchMap, mergeKey);
            var key = GoJsonValue.Key(value);
            if (index.TryGetValue(key, out var at))
            {
                merged[at] = MergeMap((JsonObject)merged[at]!, patchMap, schema, depth + 1);
                Reindex(merged, index, key, at, mergeKey);
            }
            else
            {
                merged.Add(item);
                index.TryAdd(key, merged.Count - 1);
            }
        }
        return merged;
    }

    /// <summary>
    /// A merge can drop the merge key itself (a <c>$retainKeys</c> without it); the next element with that key then
    /// takes the index, as apimachinery's scan from the start would find it.
    /// </summary>
    private static void Reindex(List<JsonNode?> merged, Dictionary<GoKey, int> index, GoKey key, int at, string mergeKey)
    {
        if (merged[at] is JsonObject map && map.TryGetPropertyValue(mergeKey, out var value) && GoJsonValue.Key(value).Equals(key)) return;
        index.Remove(key);
        for (var i = 0; i < merged.Count; i++)
        {
            if (merged[i] is JsonObject other && other.TryGetPropertyValue(mergeKey, out var v) && GoJsonValue.Key(v).Equals(key))
            {
                index[key] = i;
                return;
            }
        }
    }

    /// <summary>A read-only JSON view of a list of detached nodes, for messages.</summary>
    private static JsonArray ToView(List<JsonNode?> items)
    {
        var view = new JsonArray();
        foreach (var item in items) view.Add(item?.DeepClone());
        return view;
    }
}
