using System.Text.Json.Nodes;
using Injector.Selectors;

namespace Injector.Webhooks;

/// <summary>
/// Writes a <see cref="WebhookConfiguration"/> as the <c>admissionregistration.k8s.io/v1</c> object: the body the tag
/// commands send and, through <c>YamlNode.FromJson</c>, the YAML <c>manifest</c> and <c>tag generate</c> print. Keys keep
/// the order Istio's chart writes them; absent fields are left out.
/// </summary>
internal static class WebhookJsonWriter
{
    public static JsonObject Write(WebhookConfiguration configuration)
    {
        var metadata = new JsonObject { ["name"] = configuration.Name, ["labels"] = Map(configuration.Labels) };
        if (configuration.Annotations.Count > 0) metadata["annotations"] = Map(configuration.Annotations);
        if (configuration.ResourceVersion is { } version) metadata["resourceVersion"] = version;
        var webhooks = new JsonArray();
        foreach (var webhook in configuration.Webhooks) webhooks.Add((JsonNode)Webhook(webhook));
        return new JsonObject
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = WebhookJsonReader.Kind,
            ["metadata"] = metadata,
            ["webhooks"] = webhooks,
        };
    }

    public static JsonObject ClientConfig(WebhookClientConfig clientConfig)
    {
        var result = new JsonObject();
        if (clientConfig.Url is { } url) result["url"] = url;
        if (clientConfig.Service is { } s)
        {
            var service = new JsonObject { ["name"] = s.Name, ["namespace"] = s.Namespace };
            if (s.Path is { } path) service["path"] = path;
            if (s.Port is { } port) service["port"] = port;
            result["service"] = service;
        }
        if (clientConfig.CaBundle is { Length: > 0 } ca) result["caBundle"] = ca;
        return result;
    }

    public static JsonObject Selector(LabelSelector selector)
    {
        var result = new JsonObject();
        if (selector.MatchLabels is { Count: > 0 } labels)
        {
            var matchLabels = new JsonObject();
            foreach (var (key, value) in labels) matchLabels[key] = value;
            result["matchLabels"] = matchLabels;
        }
        if (selector.MatchExpressions is { Count: > 0 } expressions)
        {
            var array = new JsonArray();
            foreach (var requirement in expressions)
            {
                var item = new JsonObject { ["key"] = requirement.Key, ["operator"] = requirement.Operator };
                if (requirement.Values is { } values) item["values"] = Strings(values);
                array.Add((JsonNode)item);
            }
            result["matchExpressions"] = array;
        }
        return result;
    }

    private static JsonObject Webhook(MutatingWebhook webhook)
    {
        var rules = new JsonArray();
        foreach (var rule in webhook.Rules)
        {
            rules.Add((JsonNode)new JsonObject
            {
                ["operations"] = Strings(rule.Operations),
                ["apiGroups"] = Strings(rule.ApiGroups),
                ["apiVersions"] = Strings(rule.ApiVersions),
                ["resources"] = Strings(rule.Resources),
            });
        }
        var result = new JsonObject
        {
            ["name"] = webhook.Name,
            ["clientConfig"] = ClientConfig(webhook.ClientConfig),
            ["rules"] = rules,
        };
        if (webhook.NamespaceSelector is { } ns) result["namespaceSelector"] = Selector(ns);
        if (webhook.ObjectSelector is { } obj) result["objectSelector"] = Selector(obj);
        if (webhook.SideEffects is { } sideEffects) result["sideEffects"] = sideEffects;
        result["admissionReviewVersions"] = Strings(webhook.AdmissionReviewVersions);
        if (webhook.FailurePolicy is { } failurePolicy) result["failurePolicy"] = failurePolicy;
        if (webhook.ReinvocationPolicy is { } reinvocation) result["reinvocationPolicy"] = reinvocation;
        if (webhook.TimeoutSeconds is { } timeout) result["timeoutSeconds"] = timeout;
        return result;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> pairs)
    {
        var map = new JsonObject();
        foreach (var (key, value) in pairs) map[key] = value;
        return map;
    }

    private static JsonArray Strings(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values) array.Add((JsonNode)JsonValue.Create(value));
        return array;
    }
}
