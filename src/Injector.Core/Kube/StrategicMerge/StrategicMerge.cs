using System.Text.Json.Nodes;

namespace Injector.Kube.StrategicMerge;

/// <summary>
/// Kubernetes' strategic merge patch as the API server applies it and as Istio's injector overlays a rendered
/// template on a pod: apimachinery v0.36.1 <c>StrategicMergeMapPatchUsingLookupPatchMeta</c> (parallel lists merged,
/// unmatched nulls ignored). See docs/strategic-merge.md for the rules and the few deliberate differences.
/// </summary>
internal static class StrategicMerge
{
    /// <summary>
    /// Merges <paramref name="patch"/> into <paramref name="original"/> under <paramref name="schema"/> (the lookup for
    /// the Go type of <paramref name="original"/>, such as <c>corev1.Pod</c>). Like apimachinery, it works in place:
    /// the result is built from both trees' nodes (usually it is <paramref name="original"/>, changed), so neither
    /// may be used afterwards. Throws <see cref="StrategicMergeException"/> with apimachinery's message for a patch it
    /// refuses, or when nesting passes <see cref="StrategicMergeLimits.MaxDepth"/>.
    /// </summary>
    public static JsonObject Apply(JsonObject original, JsonObject patch, IPatchMetaLookup schema, StrategicMergeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(schema);
        return new StrategicMerger(limits ?? StrategicMergeLimits.Default).MergeMap(original, patch, schema, depth: 0);
    }
}
