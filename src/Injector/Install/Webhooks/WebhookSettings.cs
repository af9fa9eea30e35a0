namespace Injector.Install.Webhooks;

/// <summary>
/// Where and how the API server calls one revision's injector: shared by every entry of the revision's webhook
/// configuration and of the tags pointing at it.
/// </summary>
internal sealed record WebhookSettings(
    string ServiceName,
    string ServiceNamespace,
    string ReinvocationPolicy = "Never",
    int TimeoutSeconds = 10)
{
    public const string Path = "/inject";
    public const int Port = 443;

    /// <summary>Namespaces excluded from every entry: the cluster's own plus the injector's install namespace.</summary>
    public IReadOnlyList<string> ExcludedNamespaces { get; init; } = [.. WebhookSelectors.ClusterNamespaces, ServiceNamespace];

    /// <summary>PEM CA bundle (base64 in the API), when the caller already knows it; otherwise filled in later.</summary>
    public byte[]? CaBundle { get; init; }

    /// <summary>Copied onto tag configurations (e.g. <c>cert-manager.io/inject-ca-from</c>) so their CA stays in sync.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; } = [];

    public static string ServiceNameFor(string revision) => "injector-" + revision;
}
