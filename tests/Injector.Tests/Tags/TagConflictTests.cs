using System.CommandLine;
using System.Text.Json.Nodes;
using Injector.Cli;
using Injector.Tests.Fakes;
using static Injector.Tests.Tags.TagFixtures;

namespace Injector.Tests.Tags;

/// <summary>Concurrent writers: the API server's 409s become one clear line, and nobody's change is overwritten.</summary>
public sealed class TagConflictTests : IAsyncLifetime
{
    private const string TagPath = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/injector-revision-tag-prod";
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        _server.Add(ToJson(Revision("r1")));
        _server.Add(ToJson(Revision("r2")));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(int Code, string Err)> Run(params string[] args)
    {
        var error = new StringWriter();
        var code = await CliRoot.InvokeAsync([.. args, "--kubeconfig", _server.KubeconfigPath], new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (code, error.ToString());
    }

    [Fact]
    public async Task TagCreatedByAnotherWriterMeanwhileIsNotOverwritten()
    {
        _server.BeforeCreate = path => { if (path == TagPath) _server.Add(ToJson(Tag("prod", "r2"))); };

        var (code, error) = await Run("tag", "set", "prod", "--revision", "r1");

        Assert.Equal(1, code);
        Assert.StartsWith("error: mutatingwebhookconfiguration/injector-revision-tag-prod already exists", error);
        Assert.Equal("r2", (string?)_server.WebhookConfiguration("injector-revision-tag-prod")!["metadata"]!["labels"]!["istio.io/rev"]);
    }

    [Fact]
    public async Task StaleResourceVersionIsAClearErrorAndKeepsTheOtherChange()
    {
        _server.Add(ToJson(Tag("prod", "r1")));
        _server.BeforeReplace = path => { if (path == TagPath) _server.Add(ToJson(Tag("prod", "r2"))); };

        var (code, error) = await Run("tag", "set", "prod", "--revision", "r1", "--overwrite");

        Assert.Equal(1, code);
        Assert.Contains("injector-revision-tag-prod was changed by someone else", error);
        Assert.Contains("resourceVersion conflict", error);
        Assert.Equal("r2", (string?)_server.WebhookConfiguration("injector-revision-tag-prod")!["metadata"]!["labels"]!["istio.io/rev"]);
    }

    [Fact]
    public async Task RemovingATagDeletedMeanwhileSaysSo()
    {
        _server.Add(ToJson(Tag("prod", "r1")));
        _server.BeforeDelete = path => { if (path == TagPath) _server.Remove(path); };

        var (code, error) = await Run("tag", "remove", "prod");

        Assert.Equal(1, code);
        Assert.Contains("injector-revision-tag-prod not found", error);
    }

    [Fact]
    public async Task AFailedDefaultTagPutsTheDeactivatedEntriesBack()
    {
        _server.Add(ToJson(IstioDefault()));
        var before = _server.WebhookConfiguration("istio-sidecar-injector")!;
        _server.Forbid = (method, path) => method == "POST" && path.EndsWith("/mutatingwebhookconfigurations", StringComparison.Ordinal);

        var (code, error) = await Run("tag", "set", "default", "--revision", "r1");

        Assert.Equal(1, code);
        Assert.StartsWith("error: POST /apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations: 403 forbidden", error);
        var after = _server.WebhookConfiguration("istio-sidecar-injector")!;
        Assert.True(JsonNode.DeepEquals(before["webhooks"], after["webhooks"]), after["webhooks"]!.ToJsonString());
        Assert.Null(_server.WebhookConfiguration("injector-revision-tag-default"));
    }
}
