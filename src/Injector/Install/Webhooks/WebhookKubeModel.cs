using Injector.Selectors;
using k8s.Models;

namespace Injector.Install.Webhooks;

/// <summary>
/// Converts between our <see cref="WebhookConfigurationSpec"/> and the Kubernetes client's
/// <see cref="V1MutatingWebhookConfiguration"/> (what the online tag commands send and read).
/// </summary>
internal static class WebhookKubeModel
{
    public static V1MutatingWebhookConfiguration ToKube(WebhookConfigurationSpec spec)
    {
        var webhooks = new List<V1MutatingWebhook>(spec.Entries.Count);
        foreach (var entry in spec.Entries)
        {
            webhooks.Add(new V1MutatingWebhook
            {
                Name = entry.Name,
                ClientConfig = new Admissionregistrationv1WebhookClientConfig
                {
                    Service = new Admissionregistrationv1ServiceReference
                    {
                        Name = spec.Settings.ServiceName,
                        NamespaceProperty = spec.Settings.ServiceNamespace,
                        Path = WebhookSettings.Path,
                        Port = WebhookSettings.Port,
                    },
                    CaBundle = spec.Settings.CaBundle,
                },
                Rules =
                [
                    new V1RuleWithOperations
                    {
                        Operations = ["CREATE"], ApiGroups = [""], ApiVersions = ["v1"], Resources = ["pods"],
                    },
                ],
                NamespaceSelector = ToKube(entry.NamespaceSelector),
                ObjectSelector = ToKube(entry.ObjectSelector),
                SideEffects = "None",
                AdmissionReviewVersions = ["v1"],
                FailurePolicy = "Fail",
                ReinvocationPolicy = spec.Settings.ReinvocationPolicy,
                TimeoutSeconds = spec.Settings.TimeoutSeconds,
            });
        }
        var labels = new Dictionary<string, string>();
        foreach (var (key, value) in spec.Labels) labels[key] = value;
        Dictionary<string, string>? annotations = null;
        foreach (var (key, value) in spec.Settings.Annotations) (annotations ??= [])[key] = value;
        return new V1MutatingWebhookConfiguration
        {
            ApiVersion = "admissionregistration.k8s.io/v1",
            Kind = "MutatingWebhookConfiguration",
            Metadata = new V1ObjectMeta { Name = spec.Name, Labels = labels, Annotations = annotations },
            Webhooks = webhooks,
        };
    }

    public static V1LabelSelector ToKube(LabelSelector selector)
    {
        List<V1LabelSelectorRequirement>? expressions = null;
        if (selector.MatchExpressions is { } requirements)
        {
            expressions = new List<V1LabelSelectorRequirement>(requirements.Count);
            foreach (var r in requirements)
            {
                expressions.Add(new V1LabelSelectorRequirement { Key = r.Key, OperatorProperty = r.Operator, Values = r.Values is null ? null : [.. r.Values] });
            }
        }
        return new V1LabelSelector
        {
            MatchLabels = selector.MatchLabels is null ? null : new Dictionary<string, string>(selector.MatchLabels),
            MatchExpressions = expressions,
        };
    }

    /// <summary>
    /// Reads where a revision's injector is reached, from its existing configuration, so a tag points at exactly the
    /// same service, port policy and CA. Null when the configuration has no service-referenced entry.
    /// </summary>
    public static WebhookSettings? SettingsOf(V1MutatingWebhookConfiguration configuration)
    {
        foreach (var webhook in configuration.Webhooks ?? [])
        {
            if (webhook.ClientConfig?.Service is not { } service) continue;
            var excluded = ExcludedNamespacesOf(webhook.NamespaceSelector);
            var annotations = new List<KeyValuePair<string, string>>();
            if (configuration.Metadata?.Annotations is { } a && a.TryGetValue(CertManagerInjectAnnotation, out var from))
            {
                annotations.Add(new(CertManagerInjectAnnotation, from));
            }
            return new WebhookSettings(service.Name, service.NamespaceProperty,
                webhook.ReinvocationPolicy ?? "Never", webhook.TimeoutSeconds ?? 10)
            {
                ExcludedNamespaces = excluded ?? [.. WebhookSelectors.ClusterNamespaces, service.NamespaceProperty],
                CaBundle = webhook.ClientConfig.CaBundle,
                Annotations = annotations,
            };
        }
        return null;
    }

    public const string CertManagerInjectAnnotation = "cert-manager.io/inject-ca-from";

    private static List<string>? ExcludedNamespacesOf(V1LabelSelector? selector)
    {
        foreach (var r in selector?.MatchExpressions ?? [])
        {
            if (r.Key == WebhookSelectors.NamespaceNameLabel && r.OperatorProperty == "NotIn" && r.Values is { } values)
            {
                return [.. values];
            }
        }
        return null;
    }
}
