using Injector.Operations.Census;
using Injector.Webhooks;

namespace Injector.Tests.Operations;

public sealed class RevisionCensusTests
{
    private static RevisionCatalog Catalog() => new(OperationsTestData.Webhooks("webhooks-canary.yaml"));

    [Fact]
    public void CatalogKnowsRevisionsAndTags()
    {
        var catalog = Catalog();
        Assert.Equal(["1-22", "asm-1233-2"], catalog.Revisions);
        Assert.Equal("1-22", catalog.Tags["default"]);
        Assert.Equal("asm-1233-2", catalog.Resolve("prod"));
        Assert.Null(catalog.Resolve("nope"));
    }

    [Theory]
    [InlineData("istio-injection=enabled", "1-22")]
    [InlineData("istio-injection=enabled,istio.io/rev=asm-1233-2", "1-22")]
    [InlineData("istio-injection=disabled,istio.io/rev=asm-1233-2", null)]
    [InlineData("istio.io/rev=prod", "asm-1233-2")]
    [InlineData("istio.io/rev=asm-1233-2", "asm-1233-2")]
    [InlineData("istio.io/rev=gone", "gone")]
    [InlineData("", null)]
    public void NamespaceSelectsARevision(string labels, string? expected) =>
        Assert.Equal(expected, RevisionCensus.NamespaceRevision(Catalog(), OperationsTestData.Labels(labels)));

    [Theory]
    [InlineData("""{"containers":["istio-proxy"],"revision":"asm-1233-2"}""", "asm-1233-2")]
    [InlineData("""{"containers":["istio-proxy"]}""", "default")]
    [InlineData("garbage", null)]
    public void PodRevisionComesFromTheStatusAnnotation(string status, string? expected) =>
        Assert.Equal(expected, RevisionCensus.PodRevision(new Dictionary<string, string> { ["sidecar.istio.io/status"] = status }));

    [Fact]
    public void CensusCountsNamespacesAndPodsPerRevision()
    {
        var summaries = RevisionCensus.Build(Catalog(),
            [("a", OperationsTestData.Labels("istio-injection=enabled")), ("b", OperationsTestData.Labels("istio.io/rev=prod")),
             ("c", OperationsTestData.Labels("istio.io/rev=asm-1233-2")), ("d", OperationsTestData.Labels(""))],
            ["1-22", "1-22", "asm-1233-2", "1-20"],
            new Dictionary<string, bool> { ["1-22"] = true, ["asm-1233-2"] = false });

        Assert.Equal(["1-20", "1-22", "asm-1233-2"], summaries.Select(s => s.Revision));
        var old = summaries[1];
        Assert.Equal(["default"], old.Tags);
        Assert.Equal(["a"], old.Namespaces);
        Assert.Equal((true, true, 2), (old.HasWebhook, old.Ready, old.Pods));
        var canary = summaries[2];
        Assert.Equal(["prod"], canary.Tags);
        Assert.Equal(["b", "c"], canary.Namespaces);
        Assert.Equal((true, false, 1), (canary.HasWebhook, canary.Ready, canary.Pods));
        var removed = summaries[0];
        Assert.Equal((false, 1), (removed.HasWebhook, removed.Pods));
    }
}
