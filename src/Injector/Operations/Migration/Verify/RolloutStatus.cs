using System.Text.Json.Nodes;
using Injector.Common;

namespace Injector.Operations.Migration.Verify;

internal enum RolloutPhase
{
    /// <summary>Still rolling: ask again later.</summary>
    Waiting,
    /// <summary>Every replica runs the current template and is available.</summary>
    Complete,
    /// <summary>Cannot complete (progress deadline exceeded, or a strategy whose pods are not replaced).</summary>
    Failed,
}

internal sealed record RolloutState(RolloutPhase Phase, string Message);

/// <summary>
/// <c>kubectl rollout status</c>'s reading of a Deployment, StatefulSet or DaemonSet, from the object alone: the new
/// template must be observed (<c>observedGeneration</c> ≥ <c>generation</c>), every replica updated, no old replica
/// left and every updated replica available (ready, for StatefulSets). Pure.
/// </summary>
internal static class RolloutStatus
{
    public static RolloutState Evaluate(string resource, JsonObject workload) => resource switch
    {
        "deployments" => Deployment(workload),
        "statefulsets" => StatefulSet(workload),
        "daemonsets" => DaemonSet(workload),
        _ => new(RolloutPhase.Failed, "unknown workload kind " + resource),
    };

    private static RolloutState Deployment(JsonObject d)
    {
        if (!Observed(d)) return Waiting("waiting for the deployment's new template to be observed");
        var status = d["status"];
        if (status?["conditions"] is JsonArray conditions)
        {
            foreach (var condition in conditions)
            {
                if (JsonFields.String(condition?["type"]) == "Progressing" && JsonFields.String(condition?["reason"]) == "ProgressDeadlineExceeded")
                {
                    return new(RolloutPhase.Failed, "exceeded its progress deadline" + Detail(condition?["message"]));
                }
            }
        }
        var wanted = Int(d["spec"]?["replicas"], 1);
        var updated = Int(status?["updatedReplicas"]);
        var replicas = Int(status?["replicas"]);
        var available = Int(status?["availableReplicas"]);
        if (updated < wanted) return Waiting($"{updated} out of {wanted} new replicas have been updated");
        if (replicas > updated) return Waiting($"{replicas - updated} old replicas are pending termination");
        if (available < updated) return Waiting($"{available} of {updated} updated replicas are available");
        return new(RolloutPhase.Complete, $"{updated} replicas updated and available");
    }

    private static RolloutState StatefulSet(JsonObject s)
    {
        if (Strategy(s, "updateStrategy") is { } strategy && strategy != "RollingUpdate")
        {
            return new(RolloutPhase.Failed, "updateStrategy " + strategy + " replaces pods only when they are deleted; its rollout cannot be verified");
        }
        var status = s["status"];
        if (Int(status?["observedGeneration"]) == 0 || !Observed(s)) return Waiting("waiting for the statefulset's new template to be observed");
        var wanted = Int(s["spec"]?["replicas"], 1);
        var ready = Int(status?["readyReplicas"]);
        if (ready < wanted) return Waiting($"{ready} of {wanted} pods are ready");
        var partition = Int(s["spec"]?["updateStrategy"]?["rollingUpdate"]?["partition"]);
        if (partition > 0)
        {
            var updated = Int(status?["updatedReplicas"]);
            return updated < wanted - partition
                ? Waiting($"{updated} of {wanted - partition} pods above partition {partition} updated")
                : new(RolloutPhase.Complete, $"partitioned rollout complete ({updated} pods updated)");
        }
        var current = JsonFields.String(status?["currentRevision"]);
        var update = JsonFields.String(status?["updateRevision"]);
        if (current != update) return Waiting($"{Int(status?["updatedReplicas"])} of {wanted} pods are at revision {update}");
        return new(RolloutPhase.Complete, $"{wanted} pods updated and ready");
    }

    private static RolloutState DaemonSet(JsonObject ds)
    {
        if (Strategy(ds, "updateStrategy") is { } strategy && strategy != "RollingUpdate")
        {
            return new(RolloutPhase.Failed, "updateStrategy " + strategy + " replaces pods only when they are deleted; its rollout cannot be verified");
        }
        if (!Observed(ds)) return Waiting("waiting for the daemon set's new template to be observed");
        var status = ds["status"];
        var desired = Int(status?["desiredNumberScheduled"]);
        var updated = Int(status?["updatedNumberScheduled"]);
        var available = Int(status?["numberAvailable"]);
        if (updated < desired) return Waiting($"{updated} out of {desired} new pods have been updated");
        if (available < desired) return Waiting($"{available} of {desired} updated pods are available");
        return new(RolloutPhase.Complete, $"{desired} pods updated and available");
    }

    /// <summary>The controller has seen the current template: without a generation (some test servers) there is nothing to wait for.</summary>
    private static bool Observed(JsonObject workload)
    {
        var generation = JsonFields.Integer(workload["metadata"]?["generation"]);
        var observed = JsonFields.Integer(workload["status"]?["observedGeneration"]);
        return generation is null || (observed is { } o && o >= generation);
    }

    private static string? Strategy(JsonObject workload, string field) => JsonFields.String(workload["spec"]?[field]?["type"]);

    private static long Int(JsonNode? node, long absent = 0) => JsonFields.Integer(node) ?? absent;

    private static string Detail(JsonNode? message) => JsonFields.String(message) is { Length: > 0 } text ? ": " + text : "";

    private static RolloutState Waiting(string message) => new(RolloutPhase.Waiting, message);

}
