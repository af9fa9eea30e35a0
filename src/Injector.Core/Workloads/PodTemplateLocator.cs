using System.Text.Json.Nodes;

namespace Injector.Workloads;

/// <summary>
/// Finds the pod template in a workload document: the document itself for a Pod, <c>spec.template</c> for
/// Deployment, ReplicaSet, ReplicationController, DaemonSet, StatefulSet, Job and OpenShift DeploymentConfig,
/// <c>spec.jobTemplate.spec.template</c> for CronJob. The API group must match (a <c>kind: Deployment</c> from
/// another group is not a workload).
/// </summary>
internal static class PodTemplateLocator
{
    public static WorkloadKind KindOf(JsonNode document)
    {
        if (document is not JsonObject obj) return WorkloadKind.None;
        var kind = StringAt(obj, "kind");
        var apiVersion = StringAt(obj, "apiVersion");
        if (kind is null || apiVersion is null) return WorkloadKind.None;
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? string.Empty : apiVersion[..slash];

        return (kind, group) switch
        {
            ("Pod", "") => WorkloadKind.Pod,
            ("ReplicationController", "") => WorkloadKind.ReplicationController,
            ("Deployment", "apps" or "extensions") => WorkloadKind.Deployment,
            ("ReplicaSet", "apps" or "extensions") => WorkloadKind.ReplicaSet,
            ("DaemonSet", "apps" or "extensions") => WorkloadKind.DaemonSet,
            ("StatefulSet", "apps") => WorkloadKind.StatefulSet,
            ("Job", "batch") => WorkloadKind.Job,
            ("CronJob", "batch") => WorkloadKind.CronJob,
            // OpenShift serves DeploymentConfig both as apps.openshift.io/v1 and as legacy v1.
            ("DeploymentConfig", "apps.openshift.io" or "") => WorkloadKind.DeploymentConfig,
            _ => WorkloadKind.None,
        };
    }

    /// <summary>The pod template object, or false when the document is not a workload or has no template.</summary>
    public static bool TryLocate(JsonNode document, out WorkloadKind kind, out JsonObject template)
    {
        kind = KindOf(document);
        JsonNode? found = kind switch
        {
            WorkloadKind.None => null,
            WorkloadKind.Pod => document,
            WorkloadKind.CronJob => document["spec"]?["jobTemplate"]?["spec"]?["template"],
            _ => document["spec"]?["template"],
        };
        template = found as JsonObject ?? null!;
        return found is JsonObject;
    }

    internal static string? StringAt(JsonNode? node, string member) =>
        node is JsonObject obj && obj[member] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
