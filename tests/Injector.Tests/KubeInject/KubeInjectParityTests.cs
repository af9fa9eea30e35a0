using Injector.Tests.Parity;
using System.Text.Json.Nodes;
using Injector.Revisions;
using Injector.Tests.Support;
using Injector.Workloads;

namespace Injector.Tests.KubeInject;

/// <summary>
/// Istio's own goldens through <c>injector kube-inject</c>'s pipeline with the real engine: each case's workloads,
/// injected, must equal Istio's <c>X.yaml.injected</c> under the parity README's rules, and injecting the output
/// again must change nothing.
/// </summary>
public sealed class KubeInjectParityTests
{
    internal static readonly string RevisionFile = Path.Combine(TestPaths.RepoRoot, "tests", "parity", "istio-testing.yaml");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.ParityCases, "*.yaml").Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void EveryCaseHasAGoldenAndEveryGoldenACase()
    {
        var inputs = Directory.EnumerateFiles(TestPaths.ParityCases, "*.yaml").Select(Path.GetFileName).ToHashSet();
        var goldens = Directory.EnumerateFiles(TestPaths.ParityCases, "*.yaml.injected").Select(f => Path.GetFileName(f)[..^".injected".Length]).ToHashSet();
        Assert.NotEmpty(inputs);
        Assert.Equal(inputs.Order(), goldens.Order());
    }

    [Fact]
    public void ParityRevisionLoads()
    {
        var table = RevisionLoader.Load(RevisionFile, null);
        Assert.Equal("default", table.Default.Name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void KubeInjectMatchesIstiosGolden(string caseFile)
    {
        // As the kube-inject command runs: the served revision's rendered injector (Istio's algorithm).
        var revision = RevisionLoader.Load(RevisionFile, null).Default.Rendered;
        var documents = ManifestYamlReader.ReadDocuments(File.ReadAllText(Path.Combine(TestPaths.ParityCases, caseFile)));
        var result = RenderedManifestInjector.Inject(documents, revision);
        Assert.Empty(result.Denials);

        var golden = ManifestYamlReader.ReadDocuments(File.ReadAllText(Path.Combine(TestPaths.ParityCases, caseFile + ".injected")));
        AssertSameWorkloads(golden, result.Documents, caseFile);

        // Idempotency: the injected output goes through unchanged.
        var again = ManifestYamlReader.ReadDocuments(ManifestYamlWriter.WriteDocuments(result.Documents));
        var second = RenderedManifestInjector.Inject(again, revision);
        Assert.Empty(second.Denials);
        AssertSameWorkloads(golden, second.Documents, caseFile + " (injected twice)");
    }

    [Theory]
    [InlineData("hello.yaml")]
    [InlineData("list.yaml")]
    [InlineData("deploymentconfig-multi.yaml")]
    public void TheComparisonSeesAMissingSidecarAndAcceptsTheGoldenItself(string caseFile)
    {
        var input = ManifestYamlReader.ReadDocuments(File.ReadAllText(Path.Combine(TestPaths.ParityCases, caseFile)));
        var golden = ManifestYamlReader.ReadDocuments(File.ReadAllText(Path.Combine(TestPaths.ParityCases, caseFile + ".injected")));
        Assert.NotNull(Difference(golden, input));
        Assert.Null(Difference(golden, ManifestYamlReader.ReadDocuments(ManifestYamlWriter.WriteDocuments(golden))));
    }

    private static void AssertSameWorkloads(List<JsonNode> expectedDocuments, List<JsonNode> actualDocuments, string label)
    {
        var difference = Difference(expectedDocuments, actualDocuments);
        Assert.True(difference is null, label + ": " + difference);
    }

    internal static string? Difference(List<JsonNode> expectedDocuments, List<JsonNode> actualDocuments)
    {
        var expected = Workloads(expectedDocuments);
        var actual = Workloads(actualDocuments);
        if (expected.Count != actual.Count) return $"{expected.Count} workloads expected, {actual.Count} found";
        for (var i = 0; i < expected.Count; i++)
        {
            var want = JsonComparison.Normalize(expected[i]);
            var got = JsonComparison.Normalize(actual[i]);
            if (JsonComparison.FirstDifference(want, got) is { } difference)
            {
                return $"workload {i}: {difference}";
            }
        }
        return null;
    }

    // Each workload's pod template (metadata and spec), in document order, Lists flattened.
    private static List<JsonNode> Workloads(List<JsonNode> documents)
    {
        var templates = new List<JsonNode>();
        foreach (var document in documents)
        {
            IEnumerable<JsonNode?> items = KubernetesList.IsList(document) ? KubernetesList.Items(document) : new JsonNode?[] { document };
            foreach (var item in items)
            {
                if (item is not null && PodTemplateLocator.TryLocate(item, out _, out var template))
                {
                    templates.Add(new JsonObject { ["metadata"] = template["metadata"]?.DeepClone(), ["spec"] = template["spec"]?.DeepClone() });
                }
            }
        }
        return templates;
    }
}
