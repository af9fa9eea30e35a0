using System.Text.Json.Nodes;
using Injector.Kubernetes.WebhookCa;
using Injector.Tests.Manifests;

namespace Injector.Tests.Kubernetes;

/// <summary>Which caBundles the CA manager writes: the same set the manifest's admission policy lets it change.</summary>
public sealed class WebhookCaScopeTests
{
    private static readonly WebhookCaOptions Options = new() { Revision = "asm-1233-2", Namespace = "istio-system" };

    [Theory]
    [InlineData("injector-asm-1233-2", "asm-1233-2", null, true)]          // its own
    [InlineData("injector-revision-tag-prod", "asm-1233-2", "prod", true)] // its tag
    [InlineData("stray-asm-1233-2", "asm-1233-2", null, false)]            // its label, neither own nor a tag
    [InlineData("injector-asm-1233-2", "1-22", null, false)]               // its name, another revision's label
    [InlineData("injector-revision-tag-default", "1-22", "default", false)]
    [InlineData("injector-asm-1233-2", null, null, false)]
    public void ManagesOnlyItsOwnConfigurationAndItsTags(string name, string? revision, string? tag, bool managed)
    {
        var configuration = AccessTestData.Configuration(name, revision, tag, "injector-asm-1233-2");
        Assert.Equal(managed, WebhookCaScope.IsManagedConfiguration(configuration, Options));
        Assert.Equal(managed ? [0, 1] : [], WebhookCaScope.ManagedWebhooks(configuration, Options).Select(w => w.Index));
    }

    [Fact]
    public void ManagesOnlyEntriesCallingItsService()
    {
        var configuration = AccessTestData.Configuration("injector-revision-tag-prod", "asm-1233-2", "prod", "injector-asm-1233-2");
        configuration["webhooks"]![0]!["clientConfig"]!["service"]!["namespace"] = "other";
        var urlStyle = AccessTestData.Webhook("url.sidecar-injector.istio.io", "injector-asm-1233-2", "istio-system");
        urlStyle["clientConfig"] = new JsonObject { ["url"] = "https://injector-asm-1233-2.istio-system.svc/inject" };
        configuration["webhooks"]!.AsArray().Add(urlStyle);
        Assert.Equal([1], WebhookCaScope.ManagedWebhooks(configuration, Options).Select(w => w.Index));
    }
}
