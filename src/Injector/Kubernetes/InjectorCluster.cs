using System.Text.Json.Nodes;
using Injector.Operations;
using Injector.Operations.Webhooks;

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
        foreach (var item in await Api.ListAsync(WebhookConfigurations + "?labelSelector=app%3Dsidecar-injector", ct).ConfigureAwait(false))
        {
            result.Add(WebhookConfigurationReader.FromJson(item));
        }
        return result;
    }

    public async Task<JsonObject> GetNamespaceAsync(string name, CancellationToken ct) =>
        await Api.GetAsync(NamespacePath(name), ct).ConfigureAwait(false)
        ?? throw new OperationException("namespace " + name + " not found");

    public Task<IReadOnlyList<JsonObject>> ListNamespacesAsync(CancellationToken ct) => Api.ListAsync("/api/v1/namespaces", ct);

    public async Task<JsonObject> GetPodAsync(string ns, string name, CancellationToken ct) =>
        await Api.GetAsync(NamespacePath(ns) + "/pods/" + Uri.EscapeDataString(name), ct).ConfigureAwait(false)
        ?? throw new OperationException("pod " + ns + "/" + name + " not found");

    public Task<IReadOnlyList<JsonObject>> ListAllPodsAsync(CancellationToken ct) => Api.ListAsync("/api/v1/pods", ct);

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
        revision == InjectionLabels.DefaultRevision
            ? ["injector", "istiod", "injector-default", "istiod-default"]
            : ["injector-" + revision, "istiod-" + revision];

    private static string NamespacePath(string name) => "/api/v1/namespaces/" + Uri.EscapeDataString(name);

    private static string AppsPath(string ns) => "/apis/apps/v1/namespaces/" + Uri.EscapeDataString(ns);
}
