namespace Injector.Webhooks;

/// <summary>
/// Where and how the API server calls one revision's injector: shared by every entry of the revision's webhook
/// configuration and of the tags pointing at it. A tag's settings are copied from its revision's configuration
/// (<see cref="CopiedFrom"/>), never rebuilt, so the tag reaches the same endpoint with the same CA.
/// </summary>
internal sealed record WebhookSettings(WebhookClientConfig ClientConfig, string ReinvocationPolicy = "Never", int TimeoutSeconds = 10)
{
    /// <summary>Our own install: Service <c>injector-R</c> (or <paramref name="serviceName"/>) in <paramref name="serviceNamespace"/>, port 443.</summary>
    public WebhookSettings(string serviceName, string serviceNamespace, string reinvocationPolicy = "Never", int timeoutSeconds = 10)
        : this(WebhookClientConfig.ForService(serviceName, serviceNamespace), reinvocationPolicy, timeoutSeconds)
    {
        ExcludedNamespaces = [.. WebhookSelectors.ClusterNamespaces, serviceNamespace];
    }

    public const string CertManagerInjectAnnotation = "cert-manager.io/inject-ca-from";

    /// <summary>Namespaces excluded from every entry: the cluster's own plus the injector's install namespace.</summary>
    public IReadOnlyList<string> ExcludedNamespaces { get; init; } = WebhookSelectors.ClusterNamespaces;

    /// <summary>Copied onto tag configurations (e.g. <c>cert-manager.io/inject-ca-from</c>) so their CA stays in sync.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; } = [];

    public static string ServiceNameFor(string revision) => "injector-" + revision;

    /// <summary>
    /// What a tag copies from its revision's configuration, as istioctl does: the first injector entry's whole
    /// <c>clientConfig</c> (Service name, namespace, path and port, or URL, and <c>caBundle</c>), its
    /// <c>reinvocationPolicy</c> and <c>timeoutSeconds</c>, its excluded namespaces, and the cert-manager annotation.
    /// Null when the configuration has no injector entry with a Service or URL.
    /// </summary>
    public static WebhookSettings? CopiedFrom(WebhookConfiguration configuration)
    {
        foreach (var webhook in configuration.Webhooks)
        {
            if (!webhook.IsInjector || (webhook.ClientConfig.Service is null && webhook.ClientConfig.Url is null)) continue;
            var annotations = new List<KeyValuePair<string, string>>();
            if (configuration.Annotations.TryGetValue(CertManagerInjectAnnotation, out var from)) annotations.Add(new(CertManagerInjectAnnotation, from));
            IReadOnlyList<string> defaultExcluded = webhook.ClientConfig.Service is { } service
                ? [.. WebhookSelectors.ClusterNamespaces, service.Namespace]
                : WebhookSelectors.ClusterNamespaces;
            return new WebhookSettings(webhook.ClientConfig, webhook.ReinvocationPolicy ?? "Never", webhook.TimeoutSeconds ?? 10)
            {
                ExcludedNamespaces = WebhookSelectors.ExcludedNamespacesOf(webhook.NamespaceSelector) ?? defaultExcluded,
                Annotations = annotations,
            };
        }
        return null;
    }
}
