using Injector.Selectors;

namespace Injector.Webhooks;

/// <summary>Where the API server sends a webhook's requests: a Service (name, namespace, path, port) or a URL.</summary>
internal sealed record ServiceReference(string Name, string Namespace, string? Path = null, int? Port = null);

/// <summary>
/// A webhook entry's <c>clientConfig</c>, whole: the Service reference or URL and the <c>caBundle</c> (base64, as the API
/// holds it). Tags copy it unchanged from the revision's configuration, so they reach the same endpoint with the same CA.
/// </summary>
internal sealed record WebhookClientConfig(ServiceReference? Service, string? Url, string? CaBundle)
{
    public const string InjectPath = "/inject";
    public const int HttpsPort = 443;

    /// <summary>Our own install: Service <paramref name="name"/> in <paramref name="ns"/>, path <c>/inject</c>, port 443.</summary>
    public static WebhookClientConfig ForService(string name, string ns) => new(new ServiceReference(name, ns, InjectPath, HttpsPort), null, null);

    /// <summary>For messages: <c>service NS/NAME:PORT/PATH</c> or <c>url U</c>.</summary>
    public string Describe() => Service is { } s
        ? "service " + s.Namespace + "/" + s.Name + ":" + (s.Port ?? HttpsPort) + (s.Path ?? "")
        : "url " + Url;
}

/// <summary>
/// One <c>webhooks[]</c> entry. A null selector matches everything, as in kube-apiserver. The policies are those of
/// the API (<c>failurePolicy</c> etc.); a configuration read from the cluster keeps what it said, one we build gets ours.
/// </summary>
internal sealed record MutatingWebhook(
    string Name,
    WebhookClientConfig ClientConfig,
    IReadOnlyList<WebhookRule> Rules,
    LabelSelector? NamespaceSelector,
    LabelSelector? ObjectSelector)
{
    public string? SideEffects { get; init; } = "None";
    public IReadOnlyList<string> AdmissionReviewVersions { get; init; } = ["v1"];
    public string? FailurePolicy { get; init; } = "Fail";
    public string? ReinvocationPolicy { get; init; }
    public int? TimeoutSeconds { get; init; }

    /// <summary>True for Istio's injector entries (their names end with <c>sidecar-injector.istio.io</c>).</summary>
    public bool IsInjector => Name.EndsWith(Istio.IstioNames.InjectorWebhookSuffix, StringComparison.Ordinal);
}
