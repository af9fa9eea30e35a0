using System.Net;
using System.Text.Json.Nodes;
using Injector.Kubernetes;
using Injector.Tests.Fakes;

namespace Injector.Tests.Kubernetes;

public sealed class KubeApiTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        _server.Add("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"app","labels":{"istio.io/rev":"canary"}}}""");
        _server.Add("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"other"}}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetsThroughTheKubeconfigWithItsToken()
    {
        var api = KubeClientFactory.CreateApi(_server.KubeconfigPath, null);

        var ns = await api.GetAsync("/api/v1/namespaces/app", CancellationToken.None);

        Assert.Equal("canary", (string?)ns!["metadata"]!["labels"]!["istio.io/rev"]);
        Assert.Null(await api.GetAsync("/api/v1/namespaces/missing", CancellationToken.None));
    }

    [Fact]
    public async Task ListsWithALabelSelector()
    {
        var api = KubeClientFactory.CreateApi(_server.KubeconfigPath, null);

        var all = await api.ListAsync("/api/v1/namespaces", CancellationToken.None);
        var selected = await api.ListAsync("/api/v1/namespaces?labelSelector=istio.io%2Frev%3Dcanary", CancellationToken.None);

        Assert.Equal(2, all.Count);
        Assert.Equal("app", (string?)Assert.Single(selected)["metadata"]!["name"]);
    }

    [Fact]
    public async Task CreateReturnsNullOnConflictAndPatchChangesTheObject()
    {
        var api = KubeClientFactory.CreateApi(_server.KubeconfigPath, null);
        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "app" } };

        Assert.Null(await api.CreateAsync("/api/v1/namespaces", body, CancellationToken.None));
        var patched = await api.PatchAsync("/api/v1/namespaces/app",
            JsonNode.Parse("""{"metadata":{"labels":{"istio.io/rev":null,"x":"y"}}}""")!, KubeApi.MergePatch, CancellationToken.None);

        Assert.Equal("""{"x":"y"}""", patched["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal(KubeApi.MergePatch, _server.Writes.Last().ContentType);
    }

    [Fact]
    public async Task DeleteIsFalseWhenAlreadyGoneAndReplaceIsNullOnAStaleResourceVersion()
    {
        var api = KubeClientFactory.CreateApi(_server.KubeconfigPath, null);
        var current = (await api.GetAsync("/api/v1/namespaces/other", CancellationToken.None))!;
        var stale = (JsonObject)current.DeepClone();
        current["metadata"]!["labels"] = new JsonObject { ["a"] = "b" };

        Assert.NotNull(await api.ReplaceAsync("/api/v1/namespaces/other", current, CancellationToken.None));
        Assert.Null(await api.ReplaceAsync("/api/v1/namespaces/other", stale, CancellationToken.None));
        Assert.True(await api.DeleteAsync("/api/v1/namespaces/other", CancellationToken.None));
        Assert.False(await api.DeleteAsync("/api/v1/namespaces/other", CancellationToken.None));
        Assert.Equal(["DELETE", "DELETE"], _server.Writes.Where(r => r.Method == "DELETE").Select(r => r.Method));
    }

    [Fact]
    public async Task ErrorsCarryTheServerMessage()
    {
        var api = KubeClientFactory.CreateApi(_server.KubeconfigPath, null);

        var error = await Assert.ThrowsAsync<KubeApiException>(() =>
            api.PatchAsync("/api/v1/namespaces/missing", new JsonObject(), KubeApi.MergePatch, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Contains("not found", error.Message);
    }
}

public sealed class KubeApiTlsTests
{
    private static readonly Injector.Kubernetes.WebhookCa.WebhookCaOptions Names = new() { Revision = "api", Namespace = "fake" };

    [Fact]
    public async Task TrustsExactlyTheKubeconfigCaAndUsesTlsServerName()
    {
        var pair = Injector.Kubernetes.WebhookCa.WebhookCertificateFactory.Create(Names, DateTimeOffset.UtcNow);
        using var certificate = pair.LoadServingCertificate();
        await using var server = await FakeKubeApiServer.StartAsync((certificate, pair.CaCertificatePem, "injector-api.fake.svc"));
        server.Add("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"app"}}""");

        var api = KubeClientFactory.CreateApi(server.KubeconfigPath, null);
        Assert.NotNull(await api.GetAsync("/api/v1/namespaces/app", CancellationToken.None));

        // Same server, but the kubeconfig names another CA: the handshake must fail.
        var otherCa = Injector.Kubernetes.WebhookCa.WebhookCertificateFactory.Create(Names, DateTimeOffset.UtcNow).CaCertificatePem;
        var wrong = Path.GetTempFileName();
        await File.WriteAllTextAsync(wrong, File.ReadAllText(server.KubeconfigPath).Replace(
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pair.CaCertificatePem)), Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(otherCa))));
        try
        {
            var untrusted = KubeClientFactory.CreateApi(wrong, null);
            await Assert.ThrowsAsync<HttpRequestException>(() => untrusted.GetAsync("/api/v1/namespaces/app", CancellationToken.None));
        }
        finally
        {
            File.Delete(wrong);
        }
    }
}
