using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Injection;
using Injector.Rendering;
using Injector.Revisions;
using Injector.Workloads;

namespace Injector.Admission;

/// <summary>
/// Checks one compiled-path answer against the renderer (Istio's algorithm) for <c>serve --verify-fraction</c>: the
/// pod is rendered, both patches are applied to it as sent and the two pods are compared as trees, dropping what the
/// goldens' comparison drops (the status annotation, <c>creationTimestamp</c>, env <c>fieldRef.apiVersion</c>, nulls
/// and empty objects or arrays). Both paths must also agree on skipping and refusing.
/// </summary>
public static class CompiledPathCheck
{
    /// <summary>Null when the answers agree; else the JSON path of the first difference, with both values.</summary>
    public static string? FirstDifference(byte[] podJson, string? @namespace, ServedRevision revision, InjectionOutcome compiledOutcome, byte[] compiledPatch)
    {
        ArgumentNullException.ThrowIfNull(podJson);
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(compiledPatch);
        if (JsonNode.Parse(podJson) is not JsonObject pod) return null;
        // A compiled answer is given only when the renderer, with the request's view of the nodes, decides native
        // sidecars as the compiled revision does: rendered with that decision.
        var cluster = revision.Compiled is { } compiled ? ClusterFacts.Of(compiled.Config.NativeSidecars) : null;
        var rendered = revision.Rendered.Inject((JsonObject)pod.DeepClone(), @namespace ?? "", RenderMode.Webhook, cluster: cluster);
        var renderedKind = rendered switch
        {
            RenderOutcome.Injected when Forbidden(pod, revision) => InjectionOutcome.Denied,
            RenderOutcome.Injected => InjectionOutcome.Injected,
            RenderOutcome.Denied => InjectionOutcome.Denied,
            _ => InjectionOutcome.Skipped,
        };
        if (renderedKind != compiledOutcome) return "$: compiled " + Name(compiledOutcome) + ", rendered " + Name(renderedKind);
        if (rendered is not RenderOutcome.Injected injected || renderedKind != InjectionOutcome.Injected) return null;

        var expected = Apply(pod, injected.JsonPatch);
        var actual = Apply(pod, compiledPatch);
        return PodTreeDifference.First(PodTreeDifference.Normalize(expected), PodTreeDifference.Normalize(actual), "$");
    }

    private static JsonNode? Apply(JsonObject pod, byte[] patch) =>
        JsonPatchApplier.Apply(pod.DeepClone(), JsonNode.Parse(patch) as JsonArray ?? throw new InvalidDataException("the patch is not a JSON array"));

    private static bool Forbidden(JsonObject pod, ServedRevision revision)
    {
        if (revision.ForbiddenAnnotations.Count == 0 || pod["metadata"]?["annotations"] is not JsonObject annotations) return false;
        foreach (var key in revision.ForbiddenAnnotations)
        {
            if (annotations.ContainsKey(key)) return true;
        }
        return false;
    }

    private static string Name(InjectionOutcome outcome) => outcome switch
    {
        InjectionOutcome.Injected => "injected",
        InjectionOutcome.Denied => "denied",
        _ => "skipped",
    };
}

/// <summary>The goldens' comparison of two pods: normalise, then compare as trees (objects unordered, arrays ordered).</summary>
internal static class PodTreeDifference
{
    public static JsonNode? Normalize(JsonNode? pod)
    {
        if (pod?["metadata"] is JsonObject metadata)
        {
            metadata.Remove("creationTimestamp");
            if (metadata["annotations"] is JsonObject annotations) annotations.Remove("sidecar.istio.io/status");
        }
        return Prune(pod, null);
    }

    private static JsonNode? Prune(JsonNode? node, string? parentKey)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (key, value) in obj.ToList())
                {
                    if (parentKey == "fieldRef" && key == "apiVersion") continue;
                    if (Prune(value, key) is { } pruned) result[key] = pruned;
                }
                return result.Count == 0 ? null : result;
            }
            case JsonArray array:
            {
                var result = new JsonArray();
                foreach (var item in array) result.Add(Prune(item, parentKey) ?? new JsonObject());
                return result.Count == 0 ? null : result;
            }
            default:
                return node?.DeepClone();
        }
    }

    public static string? First(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.ContainsKey(key)) return path + "." + key + ": missing in the compiled answer";
                    if (First(value, a[key], path + "." + key) is { } d) return d;
                }
                foreach (var (key, _) in a)
                {
                    if (!e.ContainsKey(key)) return path + "." + key + ": only in the compiled answer";
                }
                return null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
                {
                    if (First(e[i], a[i], path + "[" + i + "]") is { } d) return d;
                }
                return e.Count == a.Count ? null : path + ": rendered " + e.Count + " items, compiled " + a.Count;
            case (JsonValue e, JsonValue a):
                return JsonNode.DeepEquals(e, a) ? null : path + ": values differ";
            default:
                return path + ": kinds differ";
        }
    }
}
