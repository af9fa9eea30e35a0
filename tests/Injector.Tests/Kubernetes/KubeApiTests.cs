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
    public async Task ErrorsCarryTheServerMessage()
    {
        var api = KubeClientFactory.CreateApi(_server.KubeconfigPath, null);

        var error = await Assert.ThrowsAsync<KubeApiException>(() =>
            api.PatchAsync("/api/v1/namespaces/missing", new JsonObject(), KubeApi.MergePatch, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Contains("not found", error.Message);
    }
}
