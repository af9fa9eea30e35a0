using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Istio;
using Injector.Kubernetes;
using Injector.Webhooks;

namespace Injector.Install.Tags;

/// <summary>The few API calls the tag commands make, through <see cref="InjectorCluster"/>; decisions stay in <see cref="TagPlanner"/>.</summary>
internal sealed class TagClient(InjectorCluster cluster)
{
    public Task<IReadOnlyList<WebhookConfiguration>> WebhookConfigurationsAsync(CancellationToken ct) => cluster.ListWebhookConfigurationsAsync(ct);

    /// <summary>Namespaces whose <c>istio.io/rev</c> label names the tag or revision, sorted.</summary>
    public Task<List<string>> NamespacesSelectingAsync(string revisionOrTag, CancellationToken ct) =>
        cluster.ListNamespaceNamesAsync(IstioNames.RevisionLabel + "=" + revisionOrTag, ct);

    /// <summary>
    /// Writes the plan. If the tag's own write fails after the deactivations were written, they are put back as they
    /// were read (at their new resourceVersion), so a failed <c>tag set default</c> leaves nothing half-changed.
    /// </summary>
    public async Task ApplyAsync(TagSetPlan plan, IReadOnlyList<WebhookConfiguration> read, CancellationToken ct)
    {
        // Deactivate the old default first: for a moment neither answers the legacy labels (a pod may go without a
        // sidecar) rather than both (the API server would inject twice).
        var written = new List<(JsonObject Before, JsonObject After)>();
        foreach (var config in plan.Deactivated)
        {
            var before = read.First(c => c.Name == JsonFields.Name(config)).Source!;
            written.Add((before, await cluster.ReplaceWebhookConfigurationAsync(config, ct).ConfigureAwait(false)));
        }
        try
        {
            if (plan.ReplacesExisting) await cluster.ReplaceWebhookConfigurationAsync(plan.TagObject, ct).ConfigureAwait(false);
            else await cluster.CreateWebhookConfigurationAsync(plan.TagObject, ct).ConfigureAwait(false);
        }
        catch (Exception) when (written.Count > 0)
        {
            foreach (var (before, after) in written)
            {
                var restore = before.DeepClone().AsObject();
                restore["metadata"]!["resourceVersion"] = after["metadata"]?["resourceVersion"]?.DeepClone();
                await cluster.ReplaceWebhookConfigurationAsync(restore, ct).ConfigureAwait(false);
            }
            throw;
        }
    }

    public Task DeleteAsync(string name, CancellationToken ct) => cluster.DeleteWebhookConfigurationAsync(name, ct);
}
