using Injector.Install.Yaml;
using Injector.Selectors;

namespace Injector.Install.Webhooks;

/// <summary>Renders a <see cref="WebhookConfigurationSpec"/> as an <c>admissionregistration.k8s.io/v1</c> YAML document.</summary>
internal static class WebhookYaml
{
    public static YamlMap ToYaml(WebhookConfigurationSpec spec)
    {
        var metadata = new YamlMap()
            .Add("name", spec.Name)
            .Add("labels", Pairs(spec.Labels))
            .Add("annotations", spec.Settings.Annotations.Count == 0 ? null : Pairs(spec.Settings.Annotations));
        var webhooks = new YamlSeq();
        foreach (var entry in spec.Entries) webhooks.Add(Entry(entry, spec.Settings));
        return new YamlMap()
            .Add("apiVersion", "admissionregistration.k8s.io/v1")
            .Add("kind", "MutatingWebhookConfiguration")
            .Add("metadata", metadata)
            .Add("webhooks", webhooks);
    }

    public static YamlMap Selector(LabelSelector selector)
    {
        var map = new YamlMap();
        if (selector.MatchLabels is { Count: > 0 } labels)
        {
            var matchLabels = new YamlMap();
            foreach (var (key, value) in labels) matchLabels.Add(key, value);
            map.Add("matchLabels", matchLabels);
        }
        if (selector.MatchExpressions is { Count: > 0 } expressions)
        {
            var seq = new YamlSeq();
            foreach (var requirement in expressions)
            {
                var item = new YamlMap().Add("key", requirement.Key).Add("operator", requirement.Operator);
                if (requirement.Values is { } values)
                {
                    var valueSeq = new YamlSeq();
                    foreach (var value in values) valueSeq.Add(value);
                    item.Add("values", valueSeq);
                }
                seq.Add(item);
            }
            map.Add("matchExpressions", seq);
        }
        return map;
    }

    private static YamlMap Entry(WebhookEntrySpec entry, WebhookSettings settings)
    {
        var service = new YamlMap()
            .Add("name", settings.ServiceName)
            .Add("namespace", settings.ServiceNamespace)
            .Add("path", WebhookSettings.Path)
            .Add("port", WebhookSettings.Port);
        var clientConfig = new YamlMap()
            .Add("service", service)
            .Add("caBundle", settings.CaBundle is { Length: > 0 } ca ? YamlScalar.Str(Convert.ToBase64String(ca)) : null);
        var rule = new YamlMap()
            .Add("operations", YamlSeq.Of("CREATE"))
            .Add("apiGroups", YamlSeq.Of(""))
            .Add("apiVersions", YamlSeq.Of("v1"))
            .Add("resources", YamlSeq.Of("pods"));
        return new YamlMap()
            .Add("name", entry.Name)
            .Add("clientConfig", clientConfig)
            .Add("rules", YamlSeq.Of(rule))
            .Add("namespaceSelector", Selector(entry.NamespaceSelector))
            .Add("objectSelector", Selector(entry.ObjectSelector))
            .Add("sideEffects", "None")
            .Add("admissionReviewVersions", YamlSeq.Of("v1"))
            .Add("failurePolicy", "Fail")
            .Add("reinvocationPolicy", settings.ReinvocationPolicy)
            .Add("timeoutSeconds", settings.TimeoutSeconds);
    }

    private static YamlMap Pairs(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var map = new YamlMap();
        foreach (var (key, value) in pairs) map.Add(key, value);
        return map;
    }
}
