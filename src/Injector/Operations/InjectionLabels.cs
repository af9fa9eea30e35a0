namespace Injector.Operations;

/// <summary>The label and annotation names Istio-style meshes use to select an injector revision.</summary>
internal static class InjectionLabels
{
    public const string Revision = "istio.io/rev";
    public const string Tag = "istio.io/tag";
    public const string InjectionLegacy = "istio-injection";
    public const string PodInject = "sidecar.istio.io/inject";
    public const string SidecarStatus = "sidecar.istio.io/status";
    public const string NamespaceName = "kubernetes.io/metadata.name";
    public const string Deactivated = "istio.io/deactivated";
    public const string DefaultRevision = "default";

    /// <summary>Namespaces the injector never injects, whatever the webhooks select (as Istio).</summary>
    public static bool IsIgnoredNamespace(string name) => name is "kube-system" or "kube-public";

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
