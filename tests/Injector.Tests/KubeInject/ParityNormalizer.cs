using System.Text.Json.Nodes;

namespace Injector.Tests.KubeInject;

/// <summary>
/// The comparison rules of /work/shared/istio-parity/README.md: drop the <c>sidecar.istio.io/status</c>
/// annotation, <c>fieldRef.apiVersion</c>, <c>metadata.creationTimestamp</c>, then every null, empty object and
/// empty array (bottom-up, so a parent emptied by the drops goes too).
/// </summary>
internal static class ParityNormalizer
{
    public static JsonNode? Normalize(JsonNode? node)
    {
        var copy = node?.DeepClone();
        if (copy?["metadata"] is JsonObject metadata)
        {
            metadata.Remove("creationTimestamp");
            (metadata["annotations"] as JsonObject)?.Remove("sidecar.istio.io/status");
        }
        return Prune(copy);
    }

    private static JsonNode? Prune(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (key == "fieldRef" && obj[key] is JsonObject fieldRef) fieldRef.Remove("apiVersion");
                    var pruned = Prune(obj[key]);
                    if (pruned is null) obj.Remove(key);
                }
                return obj.Count == 0 ? null : obj;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (Prune(array[i]) is null) array.RemoveAt(i);
                }
                return array.Count == 0 ? null : array;
            default:
                return node;
        }
    }
}
