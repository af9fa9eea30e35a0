using System.Text.Json.Nodes;

namespace Injector.Kube.StrategicMerge;

/// <summary>
/// One merge: maps key by key (this file), lists (<c>StrategicMerger.Lists.cs</c>), element order
/// (<c>StrategicMerger.Order.cs</c>) and the patch directives (<c>StrategicMerger.Directives.cs</c>). Patch keys are
/// taken in the patch's order where apimachinery ranges over a Go map. Maps and lists move from the patch into the
/// result after being detached from their parent, and scalars are copied, so a node is never in two places.
/// </summary>
internal sealed partial class StrategicMerger
{
    private const string DirectiveMarker = "$patch";
    private const string DeleteDirective = "delete";
    private const string ReplaceDirective = "replace";
    private const string MergeDirective = "merge";
    private const string RetainKeysStrategy = "retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder";

    private const string MapType = "map[string]interface {}";
    private const string SliceType = "[]interface {}";

    private readonly StrategicMergeLimits _limits;

    public StrategicMerger(StrategicMergeLimits limits) => _limits = limits;

    /// <summary>apimachinery's <c>mergeMap</c>.</summary>
    public JsonObject MergeMap(JsonObject? original, JsonObject patch, IPatchMetaLookup schema, int depth)
    {
        Enter(depth);
        if (patch.TryGetPropertyValue(DirectiveMarker, out var directive)) return MapDirective(directive, patch);
        original ??= new JsonObject();
        ApplyRetainKeys(original, patch);
        MergeOrderedLists(original, patch, schema, depth);

        foreach (var (rawKey, patchValue) in Members(patch))
        {
            // Maps and lists move into the result, so they leave the patch now; scalars stay, because a patch list
            // element is still read by its merge key after it has been merged (its values are copied instead).
            if (patchValue is JsonObject or JsonArray) patch.Remove(rawKey);
            var key = rawKey;
            var isDeleteList = false;
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                key = ExtractKey(key, DeleteFromPrimitiveListPrefix);
                isDeleteList = true;
            }
            if (patchValue is null)
            {
                original.Remove(key);
                continue;
            }
            if (!original.TryGetPropertyValue(key, out var originalValue) || GoJsonValue.TypeOf(originalValue) != GoJsonValue.TypeOf(patchValue))
            {
                // New, or of another type: the patch value, without nulls and directives (a deletion list sets nothing).
                if (!isDeleteList) SetFromPatch(original, key, patchValue, depth);
                continue;
            }
            switch (originalValue)
            {
                case JsonObject originalMap:
                {
                    var sub = schema.LookupForStruct(key, out var meta);
                    var strategy = Strategy(meta);
                    var merged = strategy != ReplaceDirective
                        ? MergeMap(originalMap, (JsonObject)patchValue, sub, depth + 1)
                        : (JsonObject)patchValue;
                    Put(original, key, merged);
                    break;
                }
                case JsonArray originalList:
                {
                    var sub = schema.LookupForSlice(key, out var meta);
                    var strategy = Strategy(meta);
                    var merged = MergeSliceHandler(Items(originalList), (JsonArray)patchValue, sub, strategy, meta.PatchMergeKey, isDeleteList, depth + 1);
                    Put(original, key, merged);
                    break;
                }
                default:
                    Put(original, key, patchValue.DeepClone()); // a scalar carries no directives
                    break;
            }
        }
        return original;
    }

    /// <summary><c>$patch</c> on a map: <c>replace</c> takes the patch as it is, <c>delete</c> leaves an empty map.</summary>
    private JsonObject MapDirective(JsonNode? directive, JsonObject patch)
    {
        if (GoJsonValue.IsString(directive, ReplaceDirective))
        {
            patch.Remove(DirectiveMarker);
            return patch;
        }
        if (GoJsonValue.IsString(directive, DeleteDirective)) return new JsonObject();
        throw BadPatchType(directive, patch);
    }

    private void SetFromPatch(JsonObject original, string key, JsonNode patchValue, int depth)
    {
        DiscardNulls(patchValue, depth + 1);
        var (value, keep) = RemoveDirectives(patchValue, depth + 1);
        if (keep) Put(original, key, value is JsonValue ? value.DeepClone() : value);
        else original.Remove(key);
    }

    /// <summary>The field's strategy without <c>retainKeys</c> (which only matters when a patch is computed).</summary>
    private static string Strategy(PatchMeta meta)
    {
        var parts = meta.PatchStrategy.Split(',');
        switch (parts.Length)
        {
            case 1:
                return parts[0] == RetainKeysStrategy ? "" : parts[0];
            case 2 when parts[0] == RetainKeysStrategy:
                return parts[1];
            case 2 when parts[1] == RetainKeysStrategy:
                return parts[0];
            default:
                throw new StrategicMergeException($"unexpected patch strategy: [{string.Join(' ', parts)}]");
        }
    }

    /// <summary>The field name after a directive prefix: <c>$setElementOrder/containers</c> → <c>containers</c>.</summary>
    private static string ExtractKey(string key, string prefix)
    {
        var slash = key.IndexOf('/');
        if (slash < 0 || key.AsSpan(0, slash).SequenceEqual(prefix) is false)
        {
            throw new StrategicMergeException(prefix == DeleteFromPrimitiveListPrefix
                ? "invalid patch format of primitive list"
                : "invalid patch format of setElementOrder list");
        }
        return key[(slash + 1)..];
    }

    private void Enter(int depth)
    {
        if (depth > _limits.MaxDepth)
        {
            throw new StrategicMergeException($"the objects nest deeper than the limit of {_limits.MaxDepth} (MaxDepth)");
        }
    }

    private static void Put(JsonObject obj, string key, JsonNode? value)
    {
        if (obj.TryGetPropertyValue(key, out var current) && ReferenceEquals(current, value)) return;
        obj[key] = value;
    }

    /// <summary>A list's items, detached from it (the list is left empty) so they can be placed elsewhere.</summary>
    private static List<JsonNode?> Items(JsonArray array)
    {
        var items = new List<JsonNode?>(array.Count);
        foreach (var item in array) items.Add(item);
        array.Clear();
        return items;
    }

    /// <summary>A map's members in order, as a snapshot (the map may change while they are processed).</summary>
    private static List<KeyValuePair<string, JsonNode?>> Members(JsonObject obj)
    {
        var members = new List<KeyValuePair<string, JsonNode?>>(obj.Count);
        foreach (var member in obj) members.Add(member);
        return members;
    }

    private static JsonArray ToArray(List<JsonNode?> items)
    {
        var array = new JsonArray();
        foreach (var item in items) array.Add(item);
        return array;
    }

    private StrategicMergeException NoMergeKey(JsonObject map, string mergeKey) =>
        new($"map: {GoJsonValue.FormatV(map, _limits.MaxMessageValueLength)} does not contain declared merge key: {mergeKey}");

    private static StrategicMergeException BadArgType(string expected, JsonNode? actual) =>
        new($"expected a {expected}, but received a {GoJsonValue.TypeName(actual)}");

    private StrategicMergeException BadPatchType(JsonNode? type, JsonObject map) =>
        new($"unknown patch type: {GoJsonValue.FormatS(type, _limits.MaxMessageValueLength)} in map: {GoJsonValue.FormatV(map, _limits.MaxMessageValueLength)}");
}
