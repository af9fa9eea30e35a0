using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Istio;
using Injector.Webhooks;

namespace Injector.Kubernetes;

/// <summary>The cluster reads and writes the operations commands share, as REST paths over <see cref="KubeApi"/>.</summary>
internal sealed class InjectorCluster(KubeApi api)
{
    public const string WebhookConfigurations = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";

    public KubeApi Api { get; } = api;

    /// <summary>Every injector webhook configuration (ours and Istio's carry <c>app=sidecar-injector</c>).</summary>
    public async Task<IReadOnlyList<WebhookConfiguration>> ListWebhookConfigurationsAsync(CancellationToken ct)
    {
        var result = new List<WebhookConfiguration>();
        foreach (var item in await ListWebhookConfigurationObjectsAsync(ct).ConfigureAwait(false))
        {
            result.Add(WebhookJsonReader.Read(item));
        }
        return result;
    }

    /// <summary>The raw objects behind <see cref="ListWebhookConfigurationsAsync"/>, for commands that rewrite them.</summary>
    public Task<IReadOnlyList<JsonObject>> ListWebhookConfigurationObjectsAsync(CancellationToken ct) =>
        Api.ListAsync(WebhookConfigurations + "?labelSelector=" + Uri.EscapeDataString(IstioNames.WebhookConfigurationSelector), ct);

    /// <summary>Creates a webhook configuration; a <see cref="CommandException"/> when one of that name exists already.</summary>
    public async Task CreateWebhookConfigurationAsync(JsonObject configuration, CancellationToken ct)
    {
        if (await Api.CreateAsync(WebhookConfigurations, configuration, ct).ConfigureAwait(false) is null)
        {
            throw CommandException.Failure("mutatingwebhookconfiguration/" + JsonFields.Name(configuration) +
                " already exists (created by someone else meanwhile); run the command again");
        }
    }

    /// <summary>
    /// Replaces a webhook configuration, carrying the resourceVersion it was read with: a concurrent change makes
    /// the API server answer 409, reported as a <see cref="CommandException"/> instead of overwriting that change.
    /// </summary>
    public async Task<JsonObject> ReplaceWebhookConfigurationAsync(JsonObject configuration, CancellationToken ct)
    {
        var name = JsonFields.Name(configuration);
        return await Api.ReplaceAsync(WebhookConfigurations + "/" + Uri.EscapeDataString(name), configuration, ct).ConfigureAwait(false)
            ?? throw CommandException.Failure("mutatingwebhookconfiguration/" + name +
                " was changed by someone else since it was read (resourceVersion conflict); run the command again");
    }

    /// <summary>Deletes a webhook configuration; a <see cref="CommandException"/> when it is already gone.</summary>
    public async Task DeleteWebhookConfigurationAsync(string name, CancellationToken ct)
    {
        if (!await Api.DeleteAsync(WebhookConfigurations + "/" + Uri.EscapeDataString(name), ct).ConfigureAwait(false))
        {
            throw CommandException.Failure("mutatingwebhookconfiguration/" + name + " not found (deleted by someone else meanwhile)");
        }
    }

    public async Task<JsonObject> GetNamespaceAsync(string name, CancellationToken ct) =>
        await Api.GetAsync(NamespacePath(name), ct).ConfigureAwait(false)
        ?? throw CommandException.Failure("namespace " + name + " not found");

    public Task<IReadOnlyList<JsonObject>> ListNamespacesAsync(CancellationToken ct) => Api.ListAsync("/api/v1/namespaces", ct);

    /// <summary>Names of the namespaces matching a label selector (e.g. <c>istio.io/rev=prod</c>), sorted.</summary>
    public async Task<List<string>> ListNamespaceNamesAsync(string labelSelector, CancellationToken ct)
    {
        var names = new List<string>();
        foreach (var item in await Api.ListAsync("/api/v1/namespaces?labelSelector=" + Uri.EscapeDataString(labelSelector), ct).ConfigureAwait(false))
        {
            names.Add(JsonFields.Name(item));
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public async Task<JsonObject> GetPodAsync(string ns, string name, CancellationToken ct) =>
        await Api.GetAsync(NamespacePath(ns) + "/pods/" + Uri.EscapeDataString(name), ct).ConfigureAwait(false)
        ?? throw CommandException.Failure("pod " + ns + "/" + name + " not found");

    public Task<IReadOnlyList<JsonObject>> ListAllPodsAsync(CancellationToken ct) => Api.ListAsync("/api/v1/pods", ct);

    /// <summary>The pods of one namespace matching an equality label selector (<c>k=v,k2=v2</c>; empty: all).</summary>
    public Task<IReadOnlyList<JsonObject>> ListPodsAsync(string ns, string labelSelector, CancellationToken ct) =>
        Api.ListAsync(NamespacePath(ns) + "/pods" + (labelSelector.Length == 0 ? "" : "?labelSelector=" + Uri.EscapeDataString(labelSelector)), ct);

    /// <summary>A Deployment, StatefulSet or DaemonSet (<paramref name="resource"/> is the plural) or null when gone.</summary>
    public Task<JsonObject?> GetWorkloadAsync(string ns, string resource, string name, CancellationToken ct) =>
        Api.GetAsync(AppsPath(ns) + "/" + resource + "/" + Uri.EscapeDataString(name), ct);

    public Task<JsonObject?> GetConfigMapAsync(string ns, string name, CancellationToken ct) =>
        Api.GetAsync(NamespacePath(ns) + "/configmaps/" + Uri.EscapeDataString(name), ct);

    public Task<JsonObject> PatchNamespaceAsync(string name, JsonObject mergePatch, CancellationToken ct) =>
        Api.PatchAsync(NamespacePath(name), mergePatch, KubeApi.MergePatch, ct);

    public Task<IReadOnlyList<JsonObject>> ListWorkloadsAsync(string ns, string resource, CancellationToken ct) =>
        Api.ListAsync(AppsPath(ns) + "/" + resource, ct);

    public Task<JsonObject> PatchWorkloadAsync(string ns, string resource, string name, JsonObject patch, CancellationToken ct) =>
        Api.PatchAsync(AppsPath(ns) + "/" + resource + "/" + Uri.EscapeDataString(name), patch, KubeApi.StrategicMergePatch, ct);

    /// <summary>
    /// True when the revision's injector Deployment (<c>injector-R</c>, else Istio's <c>istiod-R</c>; bare names for
    /// the <c>default</c> revision) in the install namespace has a ready replica.
    /// </summary>
    public async Task<bool> IsInjectorReadyAsync(string installNamespace, string revision, CancellationToken ct)
    {
        foreach (var name in InjectorDeploymentNames(revision))
        {
            var deployment = await Api.GetAsync(AppsPath(installNamespace) + "/deployments/" + name, ct).ConfigureAwait(false);
            if (deployment is not null && JsonFields.Integer(deployment["status"]?["readyReplicas"]) > 0) return true;
        }
        return false;
    }

    public static IEnumerable<string> InjectorDeploymentNames(string revision) =>
        revision == IstioNames.DefaultRevision
            ? ["injector", "istiod", "injector-default", "istiod-default"]
            : ["injector-" + revision, "istiod-" + revision];

    private static string NamespacePath(string name) => "/api/v1/namespaces/" + Uri.EscapeDataString(name);

    private static string AppsPath(string ns) => "/apis/apps/v1/namespaces/" + Uri.EscapeDataString(ns);
}
