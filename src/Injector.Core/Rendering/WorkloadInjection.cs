using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Normalization;
using Injector.Kube.Schema;
using Injector.Limits;

namespace Injector.Rendering;

/// <summary>
/// kube-inject's <c>IntoObject</c> over a workload document: the kinds istioctl's scheme knows (Pod,
/// ReplicationController, Deployment, DaemonSet, ReplicaSet, StatefulSet, Job, CronJob, List, OpenShift
/// DeploymentConfig) give their pod template (a CronJob: the job template's metadata with the pod template's spec, as
/// Istio takes them) and are written back as Go marshals the typed object; other documents pass unchanged.
/// </summary>
internal static class WorkloadInjection
{
    public delegate RenderOutcome PodStep(JsonObject pod, string name, string @namespace, string kind, string apiVersion);

    // Registered as unversioned types in istioctl's scheme, so matched by kind alone (any apiVersion).
    private static readonly FrozenSet<string> Known = new[]
    {
        "ReplicationController", "Pod", "List", "Deployment", "DaemonSet", "ReplicaSet", "StatefulSet", "Job", "CronJob", "DeploymentConfig",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static RenderOutcome Inject(JsonObject document, WorkBudget budget, PodStep step)
    {
        var apiVersion = PodJson.String(document, "apiVersion");
        var kind = PodJson.String(document, "kind");
        if (!Known.Contains(kind)) return new RenderOutcome.Skipped(kind + " (" + apiVersion + ") is not a workload kube-inject reads");
        var output = PodJson.Clone(document);
        if (kind == "List")
        {
            var any = false;
            if (output["items"] is JsonArray items)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    budget.Spend();
                    if (items[i] is not JsonObject item) continue;
                    switch (Inject(item, budget, step))
                    {
                        case RenderOutcome.Injected injected:
                            items[i] = injected.Pod;
                            any = true;
                            break;
                        case RenderOutcome.Denied denied:
                            return denied;
                    }
                }
            }
            output["metadata"] = output["metadata"] as JsonObject ?? new JsonObject();
            return any ? new RenderOutcome.Injected(output, []) : new RenderOutcome.Skipped("no workload in the list was injected");
        }

        var outerMeta = output["metadata"] as JsonObject;
        var name = PodJson.String(outerMeta, "name");
        var ns = PodJson.String(outerMeta, "namespace");
        JsonObject pod;
        JsonObject templateHolder; // the object whose metadata and spec are the pod's
        JsonObject specHolder;
        if (kind == "Pod")
        {
            templateHolder = specHolder = output;
            pod = Typed(output);
            var meta = WorkloadMeta.FromPod(pod);
            (name, kind, apiVersion) = meta;
            ns = PodJson.String(pod["metadata"], "namespace");
        }
        else if (kind == "CronJob")
        {
            var jobTemplate = PodJson.Object(PodJson.Object(output, "spec"), "jobTemplate");
            var template = PodJson.Object(PodJson.Object(jobTemplate, "spec"), "template");
            templateHolder = jobTemplate;
            specHolder = template;
            pod = Typed(new JsonObject { ["metadata"] = jobTemplate["metadata"]?.DeepClone(), ["spec"] = template["spec"]?.DeepClone() });
        }
        else
        {
            if (output["spec"]?["template"] is not JsonObject template)
            {
                if (kind is "ReplicationController" or "DeploymentConfig") throw new RenderException("spec.template is required value");
                template = PodJson.Object(PodJson.Spec(output), "template");
            }
            templateHolder = specHolder = template;
            pod = Typed(new JsonObject { ["metadata"] = template["metadata"]?.DeepClone(), ["spec"] = template["spec"]?.DeepClone() });
        }
        var podNamespace = PodJson.String(pod["metadata"], "namespace");
        var outcome = step(pod, name, podNamespace.Length > 0 ? podNamespace : ns, kind, apiVersion);
        if (outcome is not RenderOutcome.Injected result) return outcome;
        templateHolder["metadata"] = result.Pod["metadata"]?.DeepClone() ?? new JsonObject();
        specHolder["spec"] = result.Pod["spec"]?.DeepClone() ?? new JsonObject();
        TypedFields.Add(output, PodJson.String(document, "kind"));
        return new RenderOutcome.Injected(output, []);
    }

    private static JsonObject Typed(JsonObject pod)
    {
        try
        {
            return PodNormalizer.Normalize(pod);
        }
        catch (KubeDecodeException ex)
        {
            throw new RenderException(ex.Message);
        }
    }
}

/// <summary>
/// What Go's typed marshal writes around the pod template of each kind: metadata as <c>metav1.ObjectMeta</c>, the
/// struct fields without <c>omitempty</c> (as zero values) and empty structs (<c>status: {}</c>,
/// <c>strategy: {}</c>). Fields the document sets are kept as given; nested workload fields are not re-typed.
/// </summary>
internal static class TypedFields
{
    public static void Add(JsonObject workload, string kind)
    {
        workload["metadata"] = workload["metadata"] is JsonObject meta ? PodNormalizer.Normalize(meta, KubeSchema.ObjectMeta) : new JsonObject();
        var spec = PodJson.Spec(workload);
        var status = PodJson.Object(workload, "status");
        // omitempty scalars of the workload specs: zero values are not written.
        foreach (var key in new[] { "minReadySeconds", "paused", "serviceName", "podManagementPolicy", "concurrencyPolicy" })
        {
            if (spec[key] is JsonValue v && (v.GetValueKind() is JsonValueKind.False or JsonValueKind.Null
                || v.GetValueKind() == JsonValueKind.Number && v.ToJsonString() == "0"
                || v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0))
            {
                spec.Remove(key);
            }
        }
        switch (kind)
        {
            case "Deployment":
                PodJson.Object(spec, "strategy");
                break;
            case "ReplicaSet" or "ReplicationController":
                Zero(status, "replicas");
                break;
            case "DaemonSet":
                PodJson.Object(spec, "updateStrategy");
                foreach (var f in new[] { "currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady" }) Zero(status, f);
                break;
            case "StatefulSet":
                PodJson.Object(spec, "updateStrategy");
                Zero(status, "replicas");
                Zero(status, "availableReplicas");
                break;
            case "CronJob":
                if (spec["schedule"] is null) spec["schedule"] = "";
                var jobTemplate = PodJson.Object(spec, "jobTemplate");
                jobTemplate["metadata"] = jobTemplate["metadata"] is JsonObject jm ? PodNormalizer.Normalize(jm, KubeSchema.ObjectMeta) : new JsonObject();
                break;
            case "DeploymentConfig":
                var strategy = PodJson.Object(spec, "strategy");
                PodJson.Object(strategy, "resources");
                if (spec["triggers"] is null) spec["triggers"] = null;
                Zero(spec, "replicas");
                if (spec["test"] is null) spec["test"] = false;
                foreach (var f in new[] { "latestVersion", "observedGeneration", "replicas", "updatedReplicas", "availableReplicas", "unavailableReplicas" }) Zero(status, f);
                break;
            case "Pod":
                workload.Remove("status");
                workload["status"] = new JsonObject();
                break;
        }
    }

    private static void Zero(JsonObject obj, string key)
    {
        if (obj[key] is null || obj[key]!.GetValueKind() == JsonValueKind.Null) obj[key] = 0;
    }
}
