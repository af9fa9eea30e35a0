using Injector.Webhooks;

namespace Injector.Tests.Tags;

/// <summary>Webhook configurations as a cluster would hold them (read back from their JSON): our revisions, Istio's default, tags.</summary>
internal static class TagFixtures
{
    public static WebhookConfiguration Revision(string revision, bool isDefault = false, string ns = "istio-system", string? ca = null,
        WebhookClientConfig? clientConfig = null)
    {
        var settings = clientConfig is null
            ? new WebhookSettings("injector-" + revision, ns, "IfNeeded", 7)
            : new WebhookSettings(clientConfig, "IfNeeded", 7) { ExcludedNamespaces = [.. WebhookSelectors.ClusterNamespaces, ns] };
        if (ca is not null) settings = settings with { ClientConfig = settings.ClientConfig with { CaBundle = ca } };
        return AsRead(WebhookConfigurationBuilder.ForRevision(revision, settings, isDefault) with { ResourceVersion = "5" });
    }

    /// <summary>Istio's own default-revision configuration (istiod service, same entry names and labels).</summary>
    public static WebhookConfiguration IstioDefault() =>
        AsRead(WebhookConfigurationBuilder.ForRevision("default", new WebhookSettings("istiod", "istio-system"), isDefault: true)
            with { Name = "istio-sidecar-injector", ResourceVersion = "3" });

    public static WebhookConfiguration Tag(string tag, string revision) =>
        AsRead(WebhookConfigurationBuilder.ForTag(tag, revision, new WebhookSettings("injector-" + revision, "istio-system")) with { ResourceVersion = "9" });

    public static string ToJson(WebhookConfiguration config) => WebhookJsonWriter.Write(config).ToJsonString();

    /// <summary>As the commands see it after a list: read from the object, so <see cref="WebhookConfiguration.Source"/> is set.</summary>
    private static WebhookConfiguration AsRead(WebhookConfiguration config) => WebhookJsonReader.Read(WebhookJsonWriter.Write(config));
}
