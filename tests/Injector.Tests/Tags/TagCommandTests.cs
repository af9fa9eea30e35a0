using System.CommandLine;
using System.Text.Json.Nodes;
using Injector.Cli;
using Injector.Tests.Fakes;
using Injector.Tests.Manifests;
using static Injector.Tests.Tags.TagFixtures;

namespace Injector.Tests.Tags;

/// <summary>The online tag commands end to end, through the real CLI and Kubernetes client, against a fake API server.</summary>
public sealed class TagCommandTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        _kubeconfig = _server.KubeconfigPath;
        _server.Add(ToJson(IstioDefault()));
        _server.Add(ToJson(Revision("asm-1233-2")));
        _server.AddNamespace("apps", ("istio.io/rev", "prod"));
        _server.AddNamespace("web", ("istio.io/rev", "prod"));
        _server.AddNamespace("legacy", ("istio-injection", "enabled"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] all = [.. args, "--kubeconfig", _kubeconfig];
        var code = await CliRoot.InvokeAsync(all, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task SetListOverwriteAndRemove()
    {
        var (code, output, error) = await Run("tag", "set", "prod", "--revision", "asm-1233-2");
        Assert.True(code == 0, error);
        Assert.Contains("injector-revision-tag-prod created", output);
        var stored = _server.WebhookConfiguration("injector-revision-tag-prod")!;
        Assert.Equal("prod", (string?)stored["metadata"]!["labels"]!["istio.io/tag"]);
        Assert.Equal("injector-asm-1233-2", (string?)stored["webhooks"]![0]!["clientConfig"]!["service"]!["name"]);

        (code, output, _) = await Run("tag", "list");
        Assert.Equal(0, code);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(["TAG", "REVISION", "NAMESPACES"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["prod", "asm-1233-2", "apps,web"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("GET /api/v1/namespaces?labelSelector=istio.io/rev=prod", _server.RequestLines);

        (code, _, error) = await Run("tag", "set", "prod", "--revision", "default");
        Assert.Equal(1, code);
        Assert.Contains("--overwrite", error);

        (code, output, error) = await Run("tag", "set", "prod", "--revision", "default", "--overwrite");
        Assert.True(code == 0, error);
        Assert.Contains("updated", output);
        stored = _server.WebhookConfiguration("injector-revision-tag-prod")!;
        Assert.Equal("default", (string?)stored["metadata"]!["labels"]!["istio.io/rev"]);
        Assert.Equal("istiod", (string?)stored["webhooks"]![0]!["clientConfig"]!["service"]!["name"]);

        (code, _, error) = await Run("tag", "remove", "prod");
        Assert.Equal(1, code);
        Assert.Contains("apps, web", error);
        Assert.NotNull(_server.WebhookConfiguration("injector-revision-tag-prod"));

        (code, output, _) = await Run("tag", "remove", "prod", "--force");
        Assert.Equal(0, code);
        Assert.Null(_server.WebhookConfiguration("injector-revision-tag-prod"));
    }

    [Fact]
    public async Task SetDefaultDeactivatesTheOldDefaultAndKeepsItForRollback()
    {
        var (code, output, error) = await Run("tag", "set", "default", "--revision", "asm-1233-2");
        Assert.True(code == 0, error);
        Assert.Contains("deactivated the default entries of mutatingwebhookconfiguration/istio-sidecar-injector", output);

        var istio = _server.WebhookConfiguration("istio-sidecar-injector")!;
        var webhooks = istio["webhooks"]!.AsArray();
        Assert.Equal(4, webhooks.Count);
        foreach (var w in webhooks)
        {
            // Istio's revision "default": every entry now never matches (the tag answers istio.io/rev=default too).
            Assert.True(JsonNode.DeepEquals(w!["namespaceSelector"], JsonNode.Parse("""{"matchLabels":{"istio.io/deactivated":"never-match"}}""")));
            Assert.True(JsonNode.DeepEquals(w["objectSelector"], JsonNode.Parse("""{"matchLabels":{"istio.io/deactivated":"never-match"}}""")));
        }
        var tag = _server.WebhookConfiguration("injector-revision-tag-default")!;
        Assert.Equal(4, tag["webhooks"]!.AsArray().Count);
        Assert.Contains(_server.RequestLines, r => r == "PUT /apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/istio-sidecar-injector");
        // The deactivation is written before the new default exists (never two defaults at once).
        var put = _server.RequestLines.FindIndex(r => r.StartsWith("PUT ", StringComparison.Ordinal));
        var post = _server.RequestLines.FindIndex(r => r.StartsWith("POST ", StringComparison.Ordinal));
        Assert.True(put < post);

        // The revision's own entries are untouched; rollback is a retag to the old default.
        Assert.Equal(2, _server.WebhookConfiguration("injector-asm-1233-2")!["webhooks"]!.AsArray().Count);
        (code, _, error) = await Run("tag", "set", "default", "--revision", "default", "--overwrite");
        Assert.True(code == 0, error);
        Assert.Equal("istiod", (string?)_server.WebhookConfiguration("injector-revision-tag-default")!["webhooks"]![0]!["clientConfig"]!["service"]!["name"]);
    }

    [Fact]
    public async Task RefusalsChangeNothing()
    {
        var before = _server.WebhookConfigurationNames();
        var (code, _, error) = await Run("tag", "set", "asm-1233-2", "--revision", "default");
        Assert.Equal(1, code);
        Assert.Contains("installed revision", error);
        (code, _, error) = await Run("tag", "set", "prod", "--revision", "nope");
        Assert.Equal(1, code);
        Assert.Contains("'nope'", error);
        (code, _, error) = await Run("tag", "remove", "ghost");
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error);
        Assert.Equal(before, _server.WebhookConfigurationNames());
        Assert.DoesNotContain(_server.RequestLines, r => !r.StartsWith("GET ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnreachableApiServerIsAClearError()
    {
        var port = _server.BaseUrl;
        await _server.DisposeAsync();
        var (code, _, error) = await Run("tag", "list");
        Assert.Equal(1, code);
        Assert.StartsWith("error:", error);
        Assert.DoesNotContain("   at ", error);
        Assert.NotNull(port);
    }

    [Fact]
    public async Task GenerateIsOfflineYaml()
    {
        var output = new StringWriter();
        var code = await CliRoot.InvokeAsync(["tag", "generate", "default", "--revision", "asm-1233-2", "-n", "mesh"], new InvocationConfiguration { Output = output, Error = new StringWriter() });
        Assert.Equal(0, code);
        var doc = Assert.Single(YamlTestReader.Documents(output.ToString()));
        Assert.Equal("injector-revision-tag-default", (string?)doc["metadata"]!["name"]);
        Assert.Equal("default", (string?)doc["metadata"]!["labels"]!["istio.io/tag"]);
        var webhooks = doc["webhooks"]!.AsArray();
        Assert.Equal(4, webhooks.Count);
        Assert.All(webhooks, w => Assert.Equal("mesh", (string?)w!["clientConfig"]!["service"]!["namespace"]));
        Assert.Empty(_server.RequestLines);
    }
}
