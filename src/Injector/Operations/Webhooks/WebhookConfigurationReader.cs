using System.Text.Json.Nodes;
using Injector.Install.Webhooks;
using Injector.Selectors;
using k8s.Models;

namespace Injector.Operations.Webhooks;

/// <summary>Builds <see cref="WebhookConfiguration"/> from API JSON, offline YAML files or the KubernetesClient model.</summary>
internal static class WebhookConfigurationReader
{
    public const string Kind = "MutatingWebhookConfiguration";

    /// <summary>Reads a MutatingWebhookConfiguration object as the API server returns it.</summary>
    public static WebhookConfiguration FromJson(JsonObject configuration)
    {
        var metadata = configuration["metadata"] as JsonObject;
        var webhooks = new List<MutatingWebhook>();
        if (configuration["webhooks"] is JsonArray array)
        {
            foreach (var node in array)
            {
                if (node is JsonObject webhook) webhooks.Add(ReadWebhook(webhook));
            }
        }
        return new WebhookConfiguration(JsonFields.String(metadata?["name"]) ?? "", JsonFields.StringMap(metadata?["labels"]), webhooks);
    }

    /// <summary>
    /// Reads every MutatingWebhookConfiguration in a YAML or JSON text: several documents, a <c>List</c>, or both.
    /// Other kinds are ignored, so a whole install manifest can be given.
    /// </summary>
    public static IReadOnlyList<WebhookConfiguration> FromYaml(string text)
    {
        var result = new List<WebhookConfiguration>();
        foreach (var document in Injector.Workloads.ManifestYamlReader.ReadDocuments(text))
        {
            Collect(document, result);
        }
        return result;
    }

    public static WebhookConfiguration FromKubernetes(V1MutatingWebhookConfiguration configuration)
    {
        var webhooks = new List<MutatingWebhook>();
        foreach (var w in configuration.Webhooks ?? [])
        {
            var rules = new List<WebhookRule>();
            foreach (var r in w.Rules ?? [])
            {
                rules.Add(new WebhookRule(List(r.Operations), List(r.ApiGroups), List(r.ApiVersions), List(r.Resources)));
            }
            webhooks.Add(new MutatingWebhook(
                w.Name, WebhookKubeModel.FromKube(w.NamespaceSelector), WebhookKubeModel.FromKube(w.ObjectSelector), rules,
                w.ClientConfig?.Service?.Name, w.ClientConfig?.Service?.NamespaceProperty,
                w.ClientConfig?.CaBundle is { Length: > 0 } ca ? Convert.ToBase64String(ca) : null));
        }
        var labels = configuration.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : new Dictionary<string, string>();
        return new WebhookConfiguration(configuration.Metadata?.Name ?? "", labels, webhooks);
    }

    private static void Collect(JsonNode? document, List<WebhookConfiguration> result)
    {
        if (document is not JsonObject o) return;
        var kind = JsonFields.String(o["kind"]);
        if (kind is not null && kind.EndsWith("List", StringComparison.Ordinal) && o["items"] is JsonArray items)
        {
            foreach (var item in items) Collect(item, result);
        }
        else if (kind == Kind)
        {
            result.Add(FromJson(o));
        }
    }

    private static MutatingWebhook ReadWebhook(JsonObject webhook)
    {
        var rules = new List<WebhookRule>();
        if (webhook["rules"] is JsonArray ruleArray)
        {
            foreach (var node in ruleArray)
            {
                if (node is not JsonObject r) continue;
                rules.Add(new WebhookRule(JsonFields.StringList(r["operations"]), JsonFields.StringList(r["apiGroups"]),
                    JsonFields.StringList(r["apiVersions"]), JsonFields.StringList(r["resources"])));
            }
        }
        var clientConfig = webhook["clientConfig"] as JsonObject;
        var service = clientConfig?["service"] as JsonObject;
        return new MutatingWebhook(
            JsonFields.String(webhook["name"]) ?? "",
            ReadSelector(webhook["namespaceSelector"]),
            ReadSelector(webhook["objectSelector"]),
            rules,
            JsonFields.String(service?["name"]),
            JsonFields.String(service?["namespace"]),
            JsonFields.String(clientConfig?["caBundle"]));
    }

    private static LabelSelector? ReadSelector(JsonNode? node)
    {
        if (node is not JsonObject selector) return null;
        var result = new LabelSelector();
        if (selector["matchLabels"] is JsonObject)
        {
            result.MatchLabels = new Dictionary<string, string>(JsonFields.StringMap(selector["matchLabels"]));
        }
        if (selector["matchExpressions"] is JsonArray expressions)
        {
            result.MatchExpressions = [];
            foreach (var e in expressions)
            {
                if (e is not JsonObject expression) continue;
                result.MatchExpressions.Add(new LabelSelectorRequirement
                {
                    Key = JsonFields.String(expression["key"]) ?? "",
                    Operator = JsonFields.String(expression["operator"]) ?? "",
                    Values = [.. JsonFields.StringList(expression["values"])],
                });
            }
        }
        return result;
    }

    private static IReadOnlyList<string> List(IList<string>? values) => values is null ? [] : [.. values];
}
