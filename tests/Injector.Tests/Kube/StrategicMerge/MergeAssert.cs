using System.Text.Json.Nodes;
using Injector.Kube.StrategicMerge;
using Injector.Kube.Yaml;
using Injector.Tests.Kube.Yaml;
using Smp = Injector.Kube.StrategicMerge.StrategicMerge;

namespace Injector.Tests.Kube.StrategicMerge;

/// <summary>Runs a merge on JSON texts and compares results with object members in any order (lists in order).</summary>
internal static class MergeAssert
{
    public static JsonObject Merge(string original, string patch, StrategicMergeLimits? limits = null) =>
        Smp.Apply(JsonNode.Parse(original)!.AsObject(), JsonNode.Parse(patch)!.AsObject(), PodPatchSchema.Pod, limits);

    public static void Merges(string original, string patch, string expected) =>
        Assert.Equal(Canonical(JsonNode.Parse(expected)), Canonical(Merge(original, patch)));

    public static StrategicMergeException Fails(string original, string patch) =>
        Assert.Throws<StrategicMergeException>(() => Merge(original, patch));

    /// <summary>
    /// The JSON text as Go's encoding/json writes the same <c>map[string]interface{}</c>: members sorted by name,
    /// numbers as the float64 they hold (<c>80.0</c> → <c>80</c>).
    /// </summary>
    public static string Canonical(JsonNode? node) => GoOracleCases.Canonicalize(Sorted(node));

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number =>
            JsonNode.Parse(GoFloatText.Json(double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture))),
        _ => node?.DeepClone(),
    };
}
