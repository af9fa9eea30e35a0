using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Rendering;

/// <summary>The rendered path's reading of the pod for <see cref="Istio.DeployMeta"/>.</summary>
internal static class WorkloadMeta
{
    public static (string Name, string Kind, string ApiVersion) FromPod(JsonObject pod)
    {
        var metadata = pod["metadata"] as JsonObject;
        Istio.DeployMeta.ControllerOwner? controller = null;
        if (metadata?["ownerReferences"] is JsonArray owners)
        {
            foreach (var owner in owners)
            {
                if (owner is not JsonObject o || o["controller"] is not JsonValue c || c.GetValueKind() != JsonValueKind.True) continue;
                controller = new(PodJson.String(o, "apiVersion"), PodJson.String(o, "kind"), PodJson.String(o, "name"));
                break;
            }
        }
        var labels = PodJson.Map(pod, "labels");
        return Istio.DeployMeta.Resolve(PodJson.String(metadata, "name"), PodJson.String(metadata, "generateName").Length > 0, controller,
            labels.GetValueOrDefault("pod-template-hash"), labels.GetValueOrDefault("deploymentconfig"));
    }
}
