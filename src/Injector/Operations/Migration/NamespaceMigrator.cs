using Injector.Common;
using Injector.Kubernetes;
using Injector.Selectors;
using Injector.Webhooks;

namespace Injector.Operations.Migration;

/// <summary>A workload <see cref="NamespaceMigrator.RestartWorkloadsAsync"/> restarted, with the selector of its pods.</summary>
internal sealed record RestartedWorkload(string Resource, string Display, string Name, LabelSelector? Selector)
{
    public string Subject => Display + "/" + Name;
}

/// <summary>
/// Applies a <see cref="NamespaceLabelChange"/> and, with restart, rolls the namespace's workloads. Prints every change
/// first; in dry-run mode prints the same lines (marked) and sends nothing.
/// </summary>
internal sealed class NamespaceMigrator(InjectorCluster cluster, TextWriter output, bool dryRun, TimeProvider time)
{
    private string Prefix => dryRun ? "(dry run) " : "";

    public async Task ApplyAsync(NamespaceLabelChange change, CancellationToken ct)
    {
        foreach (var line in change.Describe()) output.WriteLine(Prefix + line);
        if (!change.IsEmpty && !dryRun)
        {
            await cluster.PatchNamespaceAsync(change.Namespace, change.ToMergePatch(), ct).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<RestartedWorkload>> RestartWorkloadsAsync(string ns, CancellationToken ct)
    {
        var patch = WorkloadRestart.Patch(time.GetUtcNow());
        var restarted = new List<RestartedWorkload>();
        foreach (var (resource, display) in WorkloadRestart.Kinds)
        {
            foreach (var workload in await cluster.ListWorkloadsAsync(ns, resource, ct).ConfigureAwait(false))
            {
                var name = JsonFields.Name(workload);
                output.WriteLine(Prefix + display + "/" + name + " restarted");
                if (!dryRun) await cluster.PatchWorkloadAsync(ns, resource, name, patch, ct).ConfigureAwait(false);
                restarted.Add(new RestartedWorkload(resource, display, name, WebhookJsonReader.ReadSelector(workload["spec"]?["selector"])));
            }
        }
        if (restarted.Count == 0) output.WriteLine(Prefix + "no deployments, statefulsets or daemonsets in namespace " + ns + " to restart");
        return restarted;
    }
}
