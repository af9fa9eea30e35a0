using System.Text.Json.Nodes;

namespace Injector.Kube.StrategicMerge;

internal sealed partial class StrategicMerger
{
    /// <summary>Elements found in the patch (by merge key, or by value for scalars) and the others, each in merged order.</summary>
    private static (List<JsonNode?> Patch, List<JsonNode?> ServerOnly) PartitionPrimitives(List<JsonNode?> merged, List<JsonNode?> partitionBy)
    {
        var inPatch = new HashSet<GoKey>();
        foreach (var item in partitionBy) inPatch.Add(GoJsonValue.Key(item));
        var patch = new List<JsonNode?>(merged.Count);
        var serverOnly = new List<JsonNode?>(merged.Count);
        foreach (var item in merged) (inPatch.Contains(GoJsonValue.Key(item)) ? patch : serverOnly).Add(item);
        return (patch, serverOnly);
    }

    private (List<JsonNode?> Patch, List<JsonNode?> ServerOnly) PartitionMaps(List<JsonNode?> merged, List<JsonNode?> partitionBy, string mergeKey)
    {
        // apimachinery scans partitionBy from the start for each element and fails at the first element that is not
        // a map unless a match came before it: keys before that point answer, anything else is that error.
        var inPatch = new HashSet<GoKey>();
        var firstNonMap = -1;
        for (var i = 0; i < partitionBy.Count; i++)
        {
            if (partitionBy[i] is not JsonObject map)
            {
                firstNonMap = i;
                break;
            }
            if (map.TryGetPropertyValue(mergeKey, out var value)) inPatch.Add(GoJsonValue.Key(value));
        }
        var patch = new List<JsonNode?>(merged.Count);
        var serverOnly = new List<JsonNode?>(merged.Count);
        foreach (var item in merged)
        {
            if (item is not JsonObject map) throw BadArgType(MapType, item);
            if (!map.TryGetPropertyValue(mergeKey, out var value)) throw NoMergeKey(map, mergeKey);
            var found = inPatch.Contains(GoJsonValue.Key(value));
            if (!found && firstNonMap >= 0) throw new StrategicMergeException($"value for key {firstNonMap} is not a map");
            (found ? patch : serverOnly).Add(item);
        }
        return (patch, serverOnly);
    }

    /// <summary>
    /// <c>normalizeElementOrder</c>: patch elements sorted by <paramref name="patchOrder"/>, the others by
    /// <paramref name="serverOrder"/>, then interleaved (<see cref="MergeSortedSlice"/>).
    /// </summary>
    private List<JsonNode?> NormalizeElementOrder(List<JsonNode?> patch, List<JsonNode?> serverOnly, List<JsonNode?> patchOrder,
        List<JsonNode?> serverOrder, string mergeKey, GoJsonType kind)
    {
        patch = NormalizeSliceOrder(patch, patchOrder, mergeKey, kind);
        serverOnly = NormalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
        return MergeSortedSlice(serverOnly, patch, serverOrder, mergeKey, kind);
    }

    /// <summary>
    /// <c>normalizeSliceOrder</c>: a stable sort by position in <paramref name="order"/> (Go's own algorithm and
    /// comparison, which calls an element missing from the order "less" than anything); for maps, elements marked
    /// <c>$patch: delete</c> go last.
    /// </summary>
    private List<JsonNode?> NormalizeSliceOrder(List<JsonNode?> toSort, List<JsonNode?> order, string mergeKey, GoJsonType kind)
    {
        var toDelete = new List<JsonNode?>();
        if (kind == GoJsonType.Map)
        {
            ValidateMergeKeyInList(mergeKey, toSort);
            ValidateMergeKeyInList(mergeKey, order);
            (toSort, toDelete) = ExtractToDeleteItems(toSort);
        }
        var positions = Positions(order, mergeKey, kind);
        var ranked = new List<(JsonNode? Node, int Position)>(toSort.Count);
        foreach (var item in toSort) ranked.Add((item, Position(positions, item, mergeKey, kind)));
        GoStableSort.Sort(ranked, static (x, y) => x.Position < 0 || y.Position < 0 || x.Position < y.Position);
        var sorted = new List<JsonNode?>(ranked.Count + toDelete.Count);
        foreach (var (node, _) in ranked) sorted.Add(node);
        sorted.AddRange(toDelete);
        return sorted;
    }

    /// <summary>
    /// <c>mergeSortedSlice</c>: walks both lists, taking the server-only element first only when both are in the
    /// original and it comes earlier there. So patch elements new to the list come before the original elements
    /// that follow them, which is why a template's volumes land before the pod's own.
    /// </summary>
    private static List<JsonNode?> MergeSortedSlice(List<JsonNode?> left, List<JsonNode?> right, List<JsonNode?> serverOrder, string mergeKey, GoJsonType kind)
    {
        var positions = Positions(serverOrder, mergeKey, kind);
        var result = new List<JsonNode?>(left.Count + right.Count);
        int i = 0, j = 0;
        while (i < left.Count || j < right.Count)
        {
            if (i >= left.Count)
            {
                result.Add(right[j++]);
            }
            else if (j >= right.Count)
            {
                result.Add(left[i++]);
            }
            else
            {
                var li = Position(positions, left[i], mergeKey, kind);
                var ri = Position(positions, right[j], mergeKey, kind);
                result.Add(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
            }
        }
        return result;
    }

    /// <summary>apimachinery's <c>index</c> as a lookup: the first position of each merge key (maps) or value (scalars).</summary>
    private static Dictionary<GoKey, int> Positions(List<JsonNode?> order, string mergeKey, GoJsonType kind)
    {
        var positions = new Dictionary<GoKey, int>(order.Count);
        for (var i = 0; i < order.Count; i++) positions.TryAdd(GoJsonValue.Key(Identity(order[i], mergeKey, kind)), i);
        return positions;
    }

    private static int Position(Dictionary<GoKey, int> positions, JsonNode? item, string mergeKey, GoJsonType kind) =>
        positions.TryGetValue(GoJsonValue.Key(Identity(item, mergeKey, kind)), out var position) ? position : -1;

    /// <summary>What identifies an element: a map's merge key value (nil when absent or not a map), else the value.</summary>
    private static JsonNode? Identity(JsonNode? item, string mergeKey, GoJsonType kind)
    {
        if (kind != GoJsonType.Map) return item;
        return item is JsonObject map && map.TryGetPropertyValue(mergeKey, out var value) ? value : null;
    }

    private void ValidateMergeKeyInList(string mergeKey, List<JsonNode?> list)
    {
        foreach (var item in list)
        {
            if (item is not JsonObject map) throw BadArgType(MapType, item);
            if (!map.ContainsKey(mergeKey)) throw NoMergeKey(map, mergeKey);
        }
    }

    private static (List<JsonNode?> Keep, List<JsonNode?> Delete) ExtractToDeleteItems(List<JsonNode?> list)
    {
        var keep = new List<JsonNode?>(list.Count);
        var delete = new List<JsonNode?>();
        foreach (var item in list)
        {
            if (item is not JsonObject map) throw BadArgType(MapType, item);
            var marked = map.TryGetPropertyValue(DirectiveMarker, out var directive) && GoJsonValue.IsString(directive, DeleteDirective);
            (marked ? delete : keep).Add(item);
        }
        return (keep, delete);
    }
}
