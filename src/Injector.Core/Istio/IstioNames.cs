namespace Injector.Istio;

/// <summary>
/// The one registry of Istio's names that the command line, the install and operations code and the engine share:
/// the labels and annotations that select a revision, the webhook entry names, the namespaces never injected, the
/// proxy's environment and the DNS-label rule for revision and tag names. Values are Istio's at the reference commit.
/// </summary>
internal static class IstioNames
{
    // Labels that choose an injector.
    public const string RevisionLabel = "istio.io/rev";
    public const string TagLabel = "istio.io/tag";
    public const string InjectionLabel = "istio-injection";
    public const string InjectionEnabled = "enabled";
    public const string PodInjectLabel = "sidecar.istio.io/inject";
    public const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    /// <summary>Istio's label for a deactivated default webhook: no object carries <see cref="NeverMatch"/>.</summary>
    public const string DeactivatedLabel = "istio.io/deactivated";
    public const string NeverMatch = "never-match";

    /// <summary><c>app=sidecar-injector</c>: every injector webhook configuration, ours and Istio's, carries it.</summary>
    public const string AppLabel = "app";
    public const string SidecarInjectorApp = "sidecar-injector";
    public const string WebhookConfigurationSelector = AppLabel + "=" + SidecarInjectorApp;

    /// <summary>Where Istio's control plane and our injectors are installed unless told otherwise.</summary>
    public const string IstioSystemNamespace = "istio-system";

    /// <summary>The revision a bare <c>istiod</c> serves, and the tag that takes over the legacy labels.</summary>
    public const string DefaultRevision = "default";

    // Pod annotations.
    public const string StatusAnnotation = "sidecar.istio.io/status";
    public const string ProxyConfigAnnotation = "proxy.istio.io/config";

    // The proxy container and its environment.
    public const string ProxyContainer = "istio-proxy";
    public const string ProxyConfigEnv = "PROXY_CONFIG";

    /// <summary>Where a proxy connects when neither PROXY_CONFIG nor the annotation names a discovery address (mesh.DefaultProxyConfig).</summary>
    public const string DefaultDiscoveryAddress = "istiod.istio-system.svc:15012";

    // Webhook entry names (Istio's chart); every injector entry ends with the suffix.
    public const string InjectorWebhookSuffix = "sidecar-injector.istio.io";
    public const string RevisionNamespaceWebhook = "rev.namespace." + InjectorWebhookSuffix;
    public const string RevisionObjectWebhook = "rev.object." + InjectorWebhookSuffix;
    public const string DefaultNamespaceWebhook = "namespace." + InjectorWebhookSuffix;
    public const string DefaultObjectWebhook = "object." + InjectorWebhookSuffix;

    /// <summary>Namespaces Istio never injects, whatever the webhooks select or the pod asks (initializer.go's
    /// IgnoredNamespaces). The webhook and check-inject both decide with this one list.</summary>
    public static readonly IReadOnlyList<string> IgnoredNamespaces = ["kube-system", "kube-public", "kube-node-lease", "local-path-storage"];

    public static bool IsIgnoredNamespace(string name) => name is "kube-system" or "kube-public" or "kube-node-lease" or "local-path-storage";

    /// <summary>
    /// An RFC 1123 label: 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit. Revision
    /// and tag names must be one (they become label values and parts of object names).
    /// </summary>
    public static bool IsDnsLabel(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 63 || value[0] == '-' || value[^1] == '-') return false;
        foreach (var c in value)
        {
            if (c is not (>= 'a' and <= 'z' or >= '0' and <= '9' or '-')) return false;
        }
        return true;
    }

    /// <summary><c>istiod-R</c> / <c>injector-R</c> give R; bare <c>istiod</c> / <c>injector</c> give <c>default</c>.</summary>
    public static string? RevisionFromServiceName(string? serviceName)
    {
        if (string.IsNullOrEmpty(serviceName)) return null;
        foreach (var prefix in (ReadOnlySpan<string>)["istiod", "injector"])
        {
            if (serviceName == prefix) return DefaultRevision;
            if (serviceName.Length > prefix.Length + 1 && serviceName.StartsWith(prefix + "-", StringComparison.Ordinal))
            {
                return serviceName[(prefix.Length + 1)..];
            }
        }
        return null;
    }
}
