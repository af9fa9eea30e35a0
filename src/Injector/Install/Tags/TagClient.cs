using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Injector.Install.Tags;

/// <summary>The few API calls the tag commands make; decisions stay in <see cref="TagPlanner"/>.</summary>
internal sealed class TagClient(TagApi api)
{
    private const string Configurations = "apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";

    public async Task<List<V1MutatingWebhookConfiguration>> WebhookConfigurationsAsync(CancellationToken ct)
    {
        var body = await api.SendOkAsync(HttpMethod.Get, Configurations + "?labelSelector=" + Uri.EscapeDataString("app=sidecar-injector"), null, ct);
        var list = Parse(body, TagJsonContext.Default.V1MutatingWebhookConfigurationList);
        return [.. list.Items ?? []];
    }

    /// <summary>Namespaces whose <c>istio.io/rev</c> label names the tag or revision, sorted.</summary>
    public async Task<List<string>> NamespacesSelectingAsync(string revisionOrTag, CancellationToken ct)
    {
        var body = await api.SendOkAsync(HttpMethod.Get, "api/v1/namespaces?labelSelector=" + Uri.EscapeDataString("istio.io/rev=" + revisionOrTag), null, ct);
        var names = new List<string>();
        // Only the names are needed: read them from the JSON tree rather than bind whole Namespace objects.
        if (JsonNode.Parse(body)?["items"] is JsonArray items)
        {
            foreach (var item in items)
            {
                if (item?["metadata"]?["name"] is JsonValue name && name.TryGetValue<string>(out var text)) names.Add(text);
            }
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public async Task ApplyAsync(TagSetPlan plan, CancellationToken ct)
    {
        // Deactivate the old default first: for a moment neither answers the legacy labels (a pod may go without a
        // sidecar) rather than both (the API server would inject twice).
        foreach (var config in plan.Deactivated)
        {
            await ReplaceAsync(config, ct);
        }
        if (plan.ReplacesExisting)
        {
            await ReplaceAsync(plan.Tag, ct);
        }
        else
        {
            await api.SendOkAsync(HttpMethod.Post, Configurations, Serialize(plan.Tag), ct);
        }
    }

    public Task DeleteAsync(string name, CancellationToken ct) =>
        api.SendOkAsync(HttpMethod.Delete, Configurations + "/" + Uri.EscapeDataString(name), null, ct);

    /// <summary>PUT carries the resourceVersion read: a concurrent change gets 409 instead of being overwritten.</summary>
    private Task ReplaceAsync(V1MutatingWebhookConfiguration config, CancellationToken ct) =>
        api.SendOkAsync(HttpMethod.Put, Configurations + "/" + Uri.EscapeDataString(config.Metadata.Name), Serialize(config), ct);

    public static string Serialize(V1MutatingWebhookConfiguration config) =>
        JsonSerializer.Serialize(config, TagJsonContext.Default.V1MutatingWebhookConfiguration);

    private static T Parse<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw new TagApiException(System.Net.HttpStatusCode.OK, "the API server sent an empty answer");
        }
        catch (JsonException e)
        {
            throw new TagApiException(System.Net.HttpStatusCode.OK, "the API server's answer is not valid JSON: " + e.Message);
        }
    }
}
