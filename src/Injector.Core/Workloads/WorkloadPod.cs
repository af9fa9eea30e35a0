using System.Text.Json.Nodes;

namespace Injector.Workloads;

/// <summary>
/// The pod the API server would show the webhook for one workload: the template's metadata and spec, the
/// namespace, and the <c>generateName</c>/<c>ownerReferences</c> its controller sets, so the injector derives the
/// same workload name and owner as it does in the cluster. <see cref="WriteBack"/> returns the injected pod to the
/// template without those controller-made fields.
/// </summary>
internal sealed class WorkloadPod
{
    /// <summary>Stands in for the ReplicaSet's template hash (the injector only strips it from the owner's name).</summary>
    public const string PodTemplateHash = "kubeinject";

    /// <summary>Stands in for a CronJob's scheduled time in its Job's name (<c>NAME-MINUTES</c>, 8 to 10 digits).</summary>
    public const string CronJobScheduleSuffix = "29000000";

    private const string HashLabel = "pod-template-hash";

    private static readonly string[] ControllerMadeFields = ["namespace", "name", "generateName", "ownerReferences"];

    private readonly JsonObject _template;
    private readonly HashSet<string> _templateMetadataKeys;
    private readonly bool _templateHadMetadata;
    private readonly bool _templateHadLabels;
    private readonly bool _templateHadHashLabel;

    private WorkloadPod(JsonObject template, JsonObject pod, string @namespace)
    {
        _template = template;
        Pod = pod;
        Namespace = @namespace;
        var metadata = template["metadata"] as JsonObject;
        _templateHadMetadata = metadata is not null;
        _templateMetadataKeys = new HashSet<string>(StringComparer.Ordinal);
        if (metadata is not null)
        {
            foreach (var (key, _) in metadata) _templateMetadataKeys.Add(key);
        }
        _templateHadLabels = metadata?["labels"] is JsonObject;
        _templateHadHashLabel = metadata?["labels"] is JsonObject labels && labels.ContainsKey(HashLabel);
    }

    public JsonObject Pod { get; }

    /// <summary>The workload's namespace, else <c>default</c> (what kubectl would apply it to).</summary>
    public string Namespace { get; }

    public static WorkloadPod Build(JsonObject workload, WorkloadKind kind, JsonObject template)
    {
        var workloadName = PodTemplateLocator.StringAt(workload["metadata"], "name") ?? string.Empty;
        var @namespace = PodTemplateLocator.StringAt(workload["metadata"], "namespace") is { Length: > 0 } ns ? ns : "default";

        var metadata = template["metadata"] is JsonObject m ? (JsonObject)m.DeepClone() : new JsonObject();
        metadata["namespace"] = @namespace;
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
        if (kind != WorkloadKind.Pod) AddControllerFields(metadata, workload, kind, workloadName);
        return new WorkloadPod(template, pod, @namespace);
    }

    /// <summary>Puts the injected pod's metadata and spec into the template, minus the controller-made fields.</summary>
    public void WriteBack(JsonObject injectedPod)
    {
        var metadata = injectedPod["metadata"] as JsonObject ?? new JsonObject();
        foreach (var field in ControllerMadeFields)
        {
            if (!_templateMetadataKeys.Contains(field)) metadata.Remove(field);
        }
        if (!_templateHadHashLabel && metadata["labels"] is JsonObject labels)
        {
            labels.Remove(HashLabel);
            if (labels.Count == 0 && !_templateHadLabels) metadata.Remove("labels");
        }

        var spec = injectedPod["spec"];
        injectedPod.Remove("metadata");
        injectedPod.Remove("spec"); // detach: a node has one parent
        if (metadata.Count > 0 || _templateHadMetadata) _template["metadata"] = metadata;
        _template["spec"] = spec;
    }

    private static void AddControllerFields(JsonObject metadata, JsonObject workload, WorkloadKind kind, string name)
    {
        var apiVersion = PodTemplateLocator.StringAt(workload, "apiVersion") ?? string.Empty;
        var ownerKind = PodTemplateLocator.StringAt(workload, "kind") ?? string.Empty;
        var ownerName = name;
        switch (kind)
        {
            case WorkloadKind.Deployment:
                // Deployment → ReplicaSet NAME-HASH → pods labelled with the hash.
                // A template that already carries the hash label keeps it (and names the ReplicaSet after it).
                var labels = metadata["labels"] as JsonObject ?? new JsonObject();
                var hash = PodTemplateLocator.StringAt(labels, HashLabel) ?? PodTemplateHash;
                labels[HashLabel] = hash;
                metadata["labels"] = labels;
                ownerName = name + "-" + hash;
                apiVersion = "apps/v1";
                ownerKind = "ReplicaSet";
                break;
            case WorkloadKind.CronJob:
                // CronJob → Job NAME-SCHEDULEDMINUTES → pods.
                ownerName = name + "-" + CronJobScheduleSuffix;
                apiVersion = "batch/v1";
                ownerKind = "Job";
                break;
        }

        if (kind == WorkloadKind.StatefulSet)
        {
            metadata["name"] = name + "-0"; // StatefulSet pods have ordinal names, not generated ones
        }
        else
        {
            metadata["generateName"] = ownerName + "-";
        }
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = ownerKind,
            ["name"] = ownerName,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
    }
}
