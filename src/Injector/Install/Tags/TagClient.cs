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

    public async Task ApplyAsync(TagSetPlan plan, CancellationToken ct)
    {
        // Deactivate the old default first: for a moment neither answers the legacy labels (a pod may go without a
        // sidecar) rather than both (the API server would inject twice).
        foreach (var config in plan.Deactivated)
        {
            await cluster.ReplaceWebhookConfigurationAsync(config, ct).ConfigureAwait(false);
        }
        if (plan.ReplacesExisting)
        {
            await cluster.ReplaceWebhookConfigurationAsync(plan.TagObject, ct).ConfigureAwait(false);
        }
        else
        {
            await cluster.CreateWebhookConfigurationAsync(plan.TagObject, ct).ConfigureAwait(false);
        }
    }

    public Task DeleteAsync(string name, CancellationToken ct) => cluster.DeleteWebhookConfigurationAsync(name, ct);
}
