using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Injector.Cli;
using Injector.Kubernetes;
using Injector.Kubernetes.WebhookCa;
using Injector.Operations.CheckInject;
using Injector.Tests.Fakes;
using Injector.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using static Injector.Tests.Tags.TagFixtures;

namespace Injector.Tests.Tags;

/// <summary>
/// Issue 17's bug: a tag on a revision whose webhook is not on service port 443 must reach the revision exactly as the
/// revision's own configuration does (else, with failurePolicy Fail, every pod in the tag's namespaces is refused).
/// End to end through the CLI against the fake API server.
/// </summary>
public sealed class TagClientConfigTests : IAsyncLifetime
{
    private const string Revision15017 = """{"service":{"name":"injector-asm-1233-2","namespace":"istio-system","path":"/inject","port":15017},"caBundle":"Q0EtMQ=="}""";
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        _server.Add(ToJson(TagPlannerTests.RevisionWithClientConfig("asm-1233-2", Revision15017)));
        _server.Add(ToJson(IstioDefault()));
        _server.AddNamespace("apps", ("istio.io/rev", "prod"));
        _server.AddNamespace("web", ("istio.io/rev", "prod"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliRoot.InvokeAsync([.. args, "--kubeconfig", _server.KubeconfigPath], new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task TagOnARevisionServedOnAnotherPortCallsThatPort()
    {
        var (code, output, error) = await Run("tag", "set", "prod", "--revision", "asm-1233-2");

        Assert.True(code == 0, error);
        Assert.Equal("mutatingwebhookconfiguration/injector-revision-tag-prod created: tag prod -> revision asm-1233-2 (service istio-system/injector-asm-1233-2:15017/inject)\n", output);
        var tag = _server.WebhookConfiguration("injector-revision-tag-prod")!;
        Assert.All(tag["webhooks"]!.AsArray(), w => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Revision15017), w!["clientConfig"]), w!["clientConfig"]!.ToJsonString()));

        // A pod created in a namespace labelled with the tag goes to exactly one webhook: the tag's, reaching the revision.
        var webhooks = (await KubeClusterFor(_server).ListWebhookConfigurationsAsync(CancellationToken.None));
        var check = WebhookEvaluator.Evaluate(webhooks, "apps", new Dictionary<string, string> { ["istio.io/rev"] = "prod" }, new Dictionary<string, string>());
        var injecting = Assert.Single(check.Injecting);
        Assert.Equal("injector-revision-tag-prod", injecting.Configuration);
        Assert.Equal("asm-1233-2", injecting.Revision);
        var entry = webhooks.Single(c => c.Name == injecting.Configuration).Webhooks.Single(w => w.Name == injecting.Webhook);
        var revisionEntry = webhooks.Single(c => c.Name == "injector-asm-1233-2").Webhooks[0];
        Assert.Equal(revisionEntry.ClientConfig, entry.ClientConfig);
    }

    [Fact]
    public async Task TagOnAUrlStyleRevisionCopiesTheUrl()
    {
        const string remote = """{"url":"https://injector.remote.example.org:9443/inject/cluster/c2/net/n2","caBundle":"UkVNT1RF"}""";
        _server.Add(ToJson(TagPlannerTests.RevisionWithClientConfig("remote", remote)));

        var (code, output, error) = await Run("tag", "set", "edge", "--revision", "remote");

        Assert.True(code == 0, error);
        Assert.Contains("(url https://injector.remote.example.org:9443/inject/cluster/c2/net/n2)", output);
        var tag = _server.WebhookConfiguration("injector-revision-tag-edge")!;
        Assert.All(tag["webhooks"]!.AsArray(), w => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(remote), w!["clientConfig"])));
    }

    [Fact]
    public async Task OverwriteCopiesTheRevisionsCurrentCaBundle()
    {
        Assert.Equal(0, (await Run("tag", "set", "prod", "--revision", "asm-1233-2")).Code);
        // The revision's CA rotates (another writer updates its caBundle), then the tag is set again.
        var revision = _server.WebhookConfiguration("injector-asm-1233-2")!;
        foreach (var w in revision["webhooks"]!.AsArray()) w!["clientConfig"]!["caBundle"] = "Q0EtMg==";
        _server.Add(revision);

        var (code, _, error) = await Run("tag", "set", "prod", "--revision", "asm-1233-2", "--overwrite");

        Assert.True(code == 0, error);
        Assert.All(_server.WebhookConfiguration("injector-revision-tag-prod")!["webhooks"]!.AsArray(),
            w => Assert.Equal("Q0EtMg==", (string?)w!["clientConfig"]!["caBundle"]));
    }

    [Fact]
    public async Task TheRevisionsCaManagerKeepsTheTagsBundleCurrent()
    {
        Assert.Equal(0, (await Run("tag", "set", "prod", "--revision", "asm-1233-2")).Code);
        var options = new WebhookCaOptions { Revision = "asm-1233-2", Namespace = "istio-system" };
        var manager = new WebhookCaManager(KubeClientFactory.CreateApi(_server.KubeconfigPath, null), options, TimeProvider.System, NullLogger<WebhookCaManager>.Instance);

        await manager.ReconcileAsync(CancellationToken.None);

        var state = CaSecretState.FromSecret(_server.Get("/api/v1/namespaces/istio-system/secrets/injector-asm-1233-2-tls")!)!;
        var bundle = Convert.ToBase64String(Encoding.UTF8.GetBytes(state.BundlePem()));
        foreach (var name in new[] { "injector-asm-1233-2", "injector-revision-tag-prod" })
        {
            Assert.All(_server.WebhookConfiguration(name)!["webhooks"]!.AsArray(), w =>
            {
                Assert.Equal(bundle, (string?)w!["clientConfig"]!["caBundle"]);
                Assert.Equal(15017, (int?)w["clientConfig"]!["service"]!["port"]); // the patch touches the bundle only
            });
        }
    }

    [Fact]
    public async Task ListPrintsJsonAndYamlForScripts()
    {
        Assert.Equal(0, (await Run("tag", "set", "prod", "--revision", "asm-1233-2")).Code);
        Assert.Equal(0, (await Run("tag", "set", "default", "--revision", "asm-1233-2")).Code);

        var (code, output, error) = await Run("tag", "list", "-o", "json");
        Assert.True(code == 0, error);
        Assert.Equal("""[{"tag":"default","revision":"asm-1233-2","namespaces":[]},{"tag":"prod","revision":"asm-1233-2","namespaces":["apps","web"]}]""",
            JsonNode.Parse(output)!.ToJsonString());

        (code, output, _) = await Run("tag", "list", "-o", "yaml");
        Assert.Equal(0, code);
        var fromYaml = Injector.Workloads.ManifestYamlReader.ReadDocuments(output);
        Assert.Equal(JsonNode.Parse((await Run("tag", "list", "-o", "json")).Out)!.ToJsonString(), Assert.Single(fromYaml).ToJsonString());

        (code, _, error) = await Run("tag", "list", "-o", "wide");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --output 'wide' is not one of table, json, yaml", error);
    }

    [Fact]
    public async Task GenerateFromTheClusterCopiesTheClientConfigAndWritesNothing()
    {
        var (code, output, error) = await Run("tag", "generate", "prod", "--revision", "asm-1233-2", "--from-cluster");

        Assert.True(code == 0, error);
        var doc = Assert.Single(Injector.Workloads.ManifestYamlReader.ReadDocuments(output));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Revision15017), doc["webhooks"]![0]!["clientConfig"]));
        Assert.DoesNotContain(_server.RequestLines, r => !r.StartsWith("GET ", StringComparison.Ordinal));
    }

    private static InjectorCluster KubeClusterFor(FakeKubeApiServer server) => new KubeConnection(server.KubeconfigPath, null).Connect();
}
