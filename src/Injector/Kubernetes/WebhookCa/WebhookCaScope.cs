using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Istio;

namespace Injector.Kubernetes.WebhookCa;

/// <summary>
/// The webhook entries whose caBundle <see cref="WebhookCaManager"/> keeps current: in configurations labelled
/// <c>istio.io/rev=R</c> that are either its own (<see cref="WebhookCaOptions.ConfigurationName"/>) or a tag (label
/// <c>istio.io/tag</c>), the entries that call its Service. The manifest's admission policy lets the injector's
/// identity change exactly these caBundles, so the two must agree (a test runs the manager under the policy).
/// </summary>
internal static class WebhookCaScope
{
    public static bool IsManagedConfiguration(JsonObject configuration, WebhookCaOptions options)
    {
        var labels = JsonFields.Labels(configuration);
        if (!labels.TryGetValue(IstioNames.RevisionLabel, out var revision) || revision != options.Revision) return false;
        return JsonFields.Name(configuration) == options.ConfigurationName || labels.ContainsKey(IstioNames.TagLabel);
    }

    /// <summary>The entries (with their index) that call the revision's Service; none for a configuration out of scope.</summary>
    public static IEnumerable<(int Index, JsonObject Webhook)> ManagedWebhooks(JsonObject configuration, WebhookCaOptions options)
    {
        if (!IsManagedConfiguration(configuration, options) || configuration["webhooks"] is not JsonArray webhooks) yield break;
        for (var i = 0; i < webhooks.Count; i++)
        {
            if (webhooks[i] is not JsonObject webhook || webhook["clientConfig"]?["service"] is not JsonObject service) continue;
            if (JsonFields.String(service["name"]) == options.EffectiveServiceName && JsonFields.String(service["namespace"]) == options.Namespace)
            {
                yield return (i, webhook);
            }
        }
    }
}
