using k8s;
using k8s.Models;

namespace Injector.Install.Tags;

/// <summary>The few API calls the tag commands make; decisions stay in <see cref="TagPlanner"/>.</summary>
internal sealed class TagClient(IKubernetes client)
{
    private const string InjectorConfigurations = "app=sidecar-injector";

    public async Task<List<V1MutatingWebhookConfiguration>> WebhookConfigurationsAsync(CancellationToken ct)
    {
        var list = await client.AdmissionregistrationV1.ListMutatingWebhookConfigurationAsync(labelSelector: InjectorConfigurations, cancellationToken: ct);
        return [.. list.Items];
    }

    /// <summary>Namespaces whose <c>istio.io/rev</c> label names the tag or revision, sorted.</summary>
    public async Task<List<string>> NamespacesSelectingAsync(string revisionOrTag, CancellationToken ct)
    {
        var list = await client.CoreV1.ListNamespaceAsync(labelSelector: "istio.io/rev=" + revisionOrTag, cancellationToken: ct);
        var names = new List<string>();
        foreach (var ns in list.Items) names.Add(ns.Metadata.Name);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public async Task ApplyAsync(TagSetPlan plan, CancellationToken ct)
    {
        // Deactivate the old default first: for a moment neither answers the legacy labels (a pod may go without a
        // sidecar) rather than both (the API server would inject twice).
        foreach (var config in plan.Deactivated)
        {
            await client.AdmissionregistrationV1.ReplaceMutatingWebhookConfigurationAsync(config, config.Metadata.Name, cancellationToken: ct);
        }
        if (plan.ReplacesExisting)
        {
            await client.AdmissionregistrationV1.ReplaceMutatingWebhookConfigurationAsync(plan.Tag, plan.Tag.Metadata.Name, cancellationToken: ct);
        }
        else
        {
            await client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(plan.Tag, cancellationToken: ct);
        }
    }

    public Task DeleteAsync(string name, CancellationToken ct) =>
        client.AdmissionregistrationV1.DeleteMutatingWebhookConfigurationAsync(name, cancellationToken: ct);
}
