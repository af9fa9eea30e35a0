using System.Text.Json.Nodes;

namespace Injector.Tests.Parity;

/// <summary>
/// Istio's webhook-test conversion of a workload document into the pod the API server would send:
/// the pod template with <c>generateName</c> and a controller ownerReference (Deployment: a ReplicaSet
/// <c>&lt;name&gt;-fake</c> plus label <c>pod-template-hash: fake</c>; CronJob: the job template's pod template).
/// </summary>
internal static class WorkloadPods
{
    public sealed record WorkloadPod(string Name, string Namespace, JsonObject Pod);

    public static List<WorkloadPod> FromYaml(string yaml)
    {
        var pods = new List<WorkloadPod>();
        foreach (var document in YamlJson.LoadAll(yaml))
        {
            if (document is not JsonObject obj) continue;
            if ((string?)obj["kind"] == "List" && obj["items"] is JsonArray items)
            {
                foreach (var item in items)
                {
                    if (item is JsonObject o && ToPod(o) is { } p) pods.Add(p);
                }
            }
            else if (ToPod(obj) is { } pod)
            {
                pods.Add(pod);
            }
        }
        return pods;
    }

    private static WorkloadPod? ToPod(JsonObject workload)
    {
        var kind = (string?)workload["kind"];
        var apiVersion = (string?)workload["apiVersion"] ?? "v1";
        var name = (string?)workload["metadata"]?["name"] ?? "";
        var ns = (string?)workload["metadata"]?["namespace"] is { Length: > 0 } n ? n : "default";
        if (kind == "Pod") return new WorkloadPod(name, ns, (JsonObject)workload.DeepClone());

        var template = kind == "CronJob" ? workload["spec"]?["jobTemplate"]?["spec"]?["template"] : workload["spec"]?["template"];
        if (template is not JsonObject t) return null; // Services and other objects are not compared
        var metadata = t["metadata"] is JsonObject m ? (JsonObject)m.DeepClone() : new JsonObject();
        var owner = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["name"] = name, ["controller"] = true };
        metadata["generateName"] = name;
        if (kind == "Deployment")
        {
            owner = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = name + "-fake", ["controller"] = true };
            metadata["generateName"] = name + "-fake-";
            if (metadata["labels"] is not JsonObject) metadata["labels"] = new JsonObject();
            metadata["labels"]!["pod-template-hash"] = "fake";
        }
        metadata["ownerReferences"] = new JsonArray(owner);
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = t["spec"]?.DeepClone(),
        };
        return new WorkloadPod(name, ns, pod);
    }
}
