using System.Text.Json.Nodes;

namespace Injector.Rendering;

/// <summary>
/// The webhook's OpenShift step: OpenShift gives every container of a pod the same <c>runAsUser</c>; when the user's
/// <c>istio-proxy</c> has the app's UID, Istio drops its <c>runAsUser</c>/<c>runAsGroup</c> so interception works.
/// </summary>
internal static class OpenShift
{
    public static void ResetSidecarUser(JsonObject pod)
    {
        if (PodJson.FindInPod(pod, PodJson.ProxyContainer) is not { } sidecar || sidecar["securityContext"] is not JsonObject context) return;
        long sidecarUser = 0, appUser = 0;
        foreach (var key in new[] { "containers", "initContainers" })
        {
            foreach (var c in PodJson.List(pod, key) ?? [])
            {
                var name = PodJson.String(c, "name");
                var user = c?["securityContext"] is JsonObject sc ? ContainerOverrides.Int(sc, "runAsUser") : null;
                if (name == PodJson.ProxyContainer)
                {
                    if (user is { } u) sidecarUser = u;
                }
                else if (name != PodJson.ValidationContainer && name != PodJson.InitContainer && user is { } a)
                {
                    appUser = a;
                }
            }
        }
        if (sidecarUser != appUser) return;
        context.Remove("runAsUser");
        context.Remove("runAsGroup");
    }
}
