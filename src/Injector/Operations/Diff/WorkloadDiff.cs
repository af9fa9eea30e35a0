using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Workloads;

namespace Injector.Operations.Diff;

/// <summary>One workload's pod under two revisions and what changes between them.</summary>
internal sealed record WorkloadDiff(
    string Kind,
    string Name,
    string Namespace,
    DiffRevision From,
    InjectedPod FromPod,
    DiffRevision To,
    InjectedPod ToPod,
    IReadOnlyList<PodChange> Changes)
{
    public string Subject => Kind + "/" + Name;

    /// <summary>
    /// Builds the pod the API server would send for <paramref name="workload"/> (as kube-inject does), injects it under
    /// both revisions through <paramref name="engine"/> and compares. Null when the document holds no pod template.
    /// </summary>
    public static WorkloadDiff? Of(JsonObject workload, IInjectionEngine engine, DiffRevision from, DiffRevision to)
    {
        if (!PodTemplateLocator.TryLocate(workload, out var kind, out var template)) return null;
        var pod = WorkloadPod.Build(workload, kind, template).Pod;
        var fromPod = engine.Inject(pod, from);
        var toPod = engine.Inject(pod, to);
        return new WorkloadDiff(Display(kind), JsonFields.Name(workload), JsonFields.Namespace(pod) ?? "default",
            from, fromPod, to, toPod, PodDiff.Compare(fromPod.Pod, toPod.Pod));
    }

    /// <summary>kubectl's resource.group names (<c>deployment.apps</c>).</summary>
    public static string Display(WorkloadKind kind) => kind switch
    {
        WorkloadKind.Pod => "pod",
        WorkloadKind.Deployment => "deployment.apps",
        WorkloadKind.ReplicaSet => "replicaset.apps",
        WorkloadKind.DaemonSet => "daemonset.apps",
        WorkloadKind.StatefulSet => "statefulset.apps",
        WorkloadKind.ReplicationController => "replicationcontroller",
        WorkloadKind.Job => "job.batch",
        WorkloadKind.CronJob => "cronjob.batch",
        WorkloadKind.DeploymentConfig => "deploymentconfig.apps.openshift.io",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
