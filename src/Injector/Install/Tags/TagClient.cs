using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kubernetes;
using Injector.Operations;
using k8s.Models;

namespace Injector.Install.Tags;

/// <summary>
/// The few API calls the tag commands make, through the shared REST layer (<see cref="InjectorCluster"/>);
/// decisions stay in <see cref="TagPlanner"/>. The planner works on the typed webhook models, so objects are
/// converted at this edge with <see cref="TagJsonContext"/> (a context of three types, not KubernetesJson's).
/// </summary>
internal sealed class TagClient(InjectorCluster cluster)
{
    public async Task<List<V1MutatingWebhookConfiguration>> WebhookConfigurationsAsync(CancellationToken ct)
    {
        var configurations = new List<V1MutatingWebhookConfiguration>();
        foreach (var item in await cluster.ListWebhookConfigurationObjectsAsync(ct))
        {
            configurations.Add(FromJson(item));
        }
        return configurations;
    }

    /// <summary>Namespaces whose <c>istio.io/rev</c> label names the tag or revision, sorted.</summary>
    public Task<List<string>> NamespacesSelectingAsync(string revisionOrTag, CancellationToken ct) =>
        cluster.ListNamespaceNamesAsync(InjectionLabels.Revision + "=" + revisionOrTag, ct);

    public async Task ApplyAsync(TagSetPlan plan, CancellationToken ct)
    {
        // Deactivate the old default first: for a moment neither answers the legacy labels (a pod may go without a
        // sidecar) rather than both (the API server would inject twice).
        foreach (var config in plan.Deactivated)
        {
            await cluster.ReplaceWebhookConfigurationAsync(ToJson(config), ct);
        }
        if (plan.ReplacesExisting)
        {
            await cluster.ReplaceWebhookConfigurationAsync(ToJson(plan.Tag), ct);
        }
        else
        {
            await cluster.CreateWebhookConfigurationAsync(ToJson(plan.Tag), ct);
        }
    }

    public Task DeleteAsync(string name, CancellationToken ct) => cluster.DeleteWebhookConfigurationAsync(name, ct);

    public static string Serialize(V1MutatingWebhookConfiguration config) =>
        JsonSerializer.Serialize(config, TagJsonContext.Default.V1MutatingWebhookConfiguration);

    private static JsonObject ToJson(V1MutatingWebhookConfiguration config) =>
        JsonSerializer.SerializeToNode(config, TagJsonContext.Default.V1MutatingWebhookConfiguration)!.AsObject();

    private static V1MutatingWebhookConfiguration FromJson(JsonObject item)
    {
        try
        {
            return item.Deserialize(TagJsonContext.Default.V1MutatingWebhookConfiguration)
                ?? throw new OperationException("the API server sent an empty webhook configuration");
        }
        catch (JsonException e)
        {
            throw new OperationException("mutatingwebhookconfiguration/" + JsonFields.Name(item) + " is not readable: " + e.Message);
        }
    }
}
