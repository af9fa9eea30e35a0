using System.Text.Json.Nodes;
using Injector.Kube.Schema;

namespace Injector.Kube.Normalization;

/// <summary>
/// What Istio's typed round trip does to a pod: <c>json.Unmarshal</c> into <c>corev1.Pod</c> (k8s.io/api v0.36.1),
/// then <c>json.Marshal</c>. Unknown members vanish, members spelled in another case land in their field, empty
/// <c>omitempty</c> fields and zero <c>omitzero</c> fields vanish, structs are always written, nil lists and maps
/// become <c>null</c>, map keys are sorted, quantities and times take their canonical text, and members come out in
/// Go's field order. Wrong JSON types fail with Go's error text. The input is not changed; the result is a new tree.
/// </summary>
internal static class PodNormalizer
{
    /// <summary>The pod as Go would write it after reading it. Throws <see cref="KubeDecodeException"/>.</summary>
    public static JsonObject Normalize(JsonNode? pod, KubeLimits? limits = null) =>
        (JsonObject)Normalize(pod, KubeSchema.Pod, limits)!;

    /// <summary>
    /// As <see cref="Normalize(JsonNode?, KubeLimits?)"/>, then without <c>metadata.managedFields</c>, as Istio's
    /// injector sets <c>pod.ManagedFields = nil</c> after reading the pod (they are still read, so their errors
    /// still count, but they are not copied).
    /// </summary>
    public static JsonObject NormalizeWithoutManagedFields(JsonNode? pod, KubeLimits? limits = null)
    {
        (limits ?? KubeLimits.Default).Check(pod);
        var decoded = (DecodedStruct?)GoDecoder.Decode(pod, KubeSchema.Pod);
        var metadataIndex = KubeSchema.Pod.IndexOfJsonField("metadata");
        if (decoded?.Slots[metadataIndex] is DecodedStruct metadata)
        {
            metadata.Slots[KubeSchema.ObjectMeta.IndexOfJsonField("managedFields")] = null;
        }
        return (JsonObject)GoEncoder.Encode(decoded, KubeSchema.Pod)!;
    }

    /// <summary>Any value of any schema type (a container, a pod spec, a list of volumes), as Go would write it after
    /// reading it into that type. Throws <see cref="KubeDecodeException"/>.</summary>
    public static JsonNode? Normalize(JsonNode? value, KubeType type, KubeLimits? limits = null)
    {
        (limits ?? KubeLimits.Default).Check(value);
        return GoEncoder.Encode(GoDecoder.Decode(value, type), type);
    }

    /// <summary>As <see cref="Normalize(JsonNode?, KubeLimits?)"/>, reporting failure instead of throwing.</summary>
    public static bool TryNormalize(JsonNode? pod, out JsonObject? normalized, out string? error, KubeLimits? limits = null)
    {
        try
        {
            normalized = Normalize(pod, limits);
            error = null;
            return true;
        }
        catch (KubeDecodeException ex)
        {
            normalized = null;
            error = ex.Message;
            return false;
        }
    }
}
