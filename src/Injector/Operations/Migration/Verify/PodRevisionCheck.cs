using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Istio;
using Injector.Operations.Census;

namespace Injector.Operations.Migration.Verify;

/// <summary>
/// After a rollout, every running pod of the workload must carry the target revision in its
/// <c>sidecar.istio.io/status</c> annotation. Terminating pods are old ones on their way out; pods that opt out
/// (<c>sidecar.istio.io/inject=false</c>, label or annotation) are never injected and not checked. Pure.
/// </summary>
internal static class PodRevisionCheck
{
    /// <summary>Null when every checked pod is on <paramref name="revision"/>; else why not, naming the first pod that is not.</summary>
    public static string? Problem(IEnumerable<JsonObject> pods, string revision, out int checkedPods)
    {
        checkedPods = 0;
        foreach (var pod in pods)
        {
            if (pod["metadata"]?["deletionTimestamp"] is not null) continue;
            if (OptedOut(pod)) continue;
            checkedPods++;
            var actual = RevisionCensus.PodRevision(JsonFields.Annotations(pod));
            if (actual is null) return "pod " + JsonFields.Name(pod) + " has no sidecar (no " + IstioNames.StatusAnnotation + " annotation)";
            if (actual != revision) return "pod " + JsonFields.Name(pod) + " was injected by revision " + actual + ", not " + revision;
        }
        return null;
    }

    private static bool OptedOut(JsonObject pod) =>
        (JsonFields.Labels(pod).TryGetValue(IstioNames.PodInjectLabel, out var label) && label == "false")
        || (JsonFields.Annotations(pod).TryGetValue(IstioNames.PodInjectLabel, out var annotation) && annotation == "false");
}
