using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Selectors;

namespace Injector.Webhooks;

/// <summary>
/// Reads <see cref="WebhookConfiguration"/> from an object as the API server returns it, or from YAML/JSON text (files
/// for the offline commands). Tolerant: a missing or mistyped field reads as absent.
/// </summary>
internal static class WebhookJsonReader
{
    public const string Kind = "MutatingWebhookConfiguration";

    public static WebhookConfiguration Read(JsonObject configuration)
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
        return new WebhookConfiguration(JsonFields.String(metadata?["name"]) ?? "", JsonFields.StringMap(metadata?["labels"]), webhooks)
        {
            Annotations = JsonFields.StringMap(metadata?["annotations"]),
            ResourceVersion = JsonFields.String(metadata?["resourceVersion"]),
            Source = configuration,
        };
    }

    /// <summary>
    /// Every MutatingWebhookConfiguration in a YAML or JSON text: several documents, a <c>List</c>, or both. Other kinds
    /// are ignored, so a whole install manifest can be given. Invalid text throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static IReadOnlyList<WebhookConfiguration> ReadAll(string text)
    {
        var result = new List<WebhookConfiguration>();
        foreach (var document in Injector.Workloads.ManifestYamlReader.ReadDocuments(text))
        {
            Collect(document, result);
        }
        return result;
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
            result.Add(Read(o));
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
        return new MutatingWebhook(
            JsonFields.String(webhook["name"]) ?? "",
            ReadClientConfig(webhook["clientConfig"] as JsonObject),
            rules,
            ReadSelector(webhook["namespaceSelector"]),
            ReadSelector(webhook["objectSelector"]))
        {
            SideEffects = JsonFields.String(webhook["sideEffects"]),
            AdmissionReviewVersions = JsonFields.StringList(webhook["admissionReviewVersions"]),
            FailurePolicy = JsonFields.String(webhook["failurePolicy"]),
            ReinvocationPolicy = JsonFields.String(webhook["reinvocationPolicy"]),
            TimeoutSeconds = JsonFields.Integer(webhook["timeoutSeconds"]) is { } t and >= int.MinValue and <= int.MaxValue ? (int)t : null,
        };
    }

    private static WebhookClientConfig ReadClientConfig(JsonObject? clientConfig)
    {
        ServiceReference? service = null;
        if (clientConfig?["service"] is JsonObject s)
        {
            var port = JsonFields.Integer(s["port"]);
            service = new ServiceReference(
                JsonFields.String(s["name"]) ?? "",
                JsonFields.String(s["namespace"]) ?? "",
                JsonFields.String(s["path"]),
                port is >= 0 and <= 65535 ? (int)port : null);
        }
        return new WebhookClientConfig(service, JsonFields.String(clientConfig?["url"]), JsonFields.String(clientConfig?["caBundle"]));
    }

    public static LabelSelector? ReadSelector(JsonNode? node)
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
                    Values = expression["values"] is JsonArray ? [.. JsonFields.StringList(expression["values"])] : null,
                });
            }
        }
        return result;
    }
}
