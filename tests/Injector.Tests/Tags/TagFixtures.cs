using Injector.Install.Webhooks;
using k8s.Models;

namespace Injector.Tests.Tags;

/// <summary>Webhook configurations as a cluster would hold them: two of our revisions and an Istio default one.</summary>
internal static class TagFixtures
{
    public static V1MutatingWebhookConfiguration Revision(string revision, bool isDefault = false, string ns = "istio-system", byte[]? ca = null)
    {
        var config = WebhookKubeModel.ToKube(WebhookConfigurationBuilder.ForRevision(revision,
            new WebhookSettings("injector-" + revision, ns, "IfNeeded", 7) { CaBundle = ca }, isDefault));
        config.Metadata.ResourceVersion = "5";
        return config;
    }

    /// <summary>Istio's own default-revision configuration (istiod service, same entry names and labels).</summary>
    public static V1MutatingWebhookConfiguration IstioDefault()
    {
        var config = WebhookKubeModel.ToKube(WebhookConfigurationBuilder.ForRevision("default",
            new WebhookSettings("istiod", "istio-system"), isDefault: true));
        config.Metadata.Name = "istio-sidecar-injector";
        return config;
    }

    public static V1MutatingWebhookConfiguration Tag(string tag, string revision)
    {
        var config = WebhookKubeModel.ToKube(WebhookConfigurationBuilder.ForTag(tag, revision, new WebhookSettings("injector-" + revision, "istio-system")));
        config.Metadata.ResourceVersion = "9";
        return config;
    }

    public static string ToJson(V1MutatingWebhookConfiguration config) => Injector.Install.Tags.TagClient.Serialize(config);
}
