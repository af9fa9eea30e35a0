using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Tests.Support;

namespace Injector.Tests.Kube.Normalization;

/// <summary>Inputs and answers of Go's <c>encoding/json</c> (tests/testdata/kube/README.md says how they were
/// obtained): the normalizer must give the same bytes or the same error text.</summary>
public sealed class NormalizationGoOracleTests
{
    private static readonly JsonArray Cases = JsonNode.Parse(File.ReadAllBytes(Path.Combine(TestPaths.TestData, "kube", "normalize-go-oracle.json")))!.AsArray();

    public static TheoryData<int> Indexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases.Count; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Normalization_matches_go(int index)
    {
        var testCase = Cases[index]!;
        var input = JsonNode.Parse((string)testCase["input"]!);
        if (testCase["error"] is { } error)
        {
            var ex = Assert.Throws<KubeDecodeException>(() => PodNormalizer.Normalize(input));
            Assert.Equal((string)error!, ex.Message);
        }
        else
        {
            var normalized = PodNormalizer.Normalize(input);
            Assert.Equal((string)testCase["output"]!, Encoding.UTF8.GetString(GoJson.Serialize(normalized)));
        }
    }

    [Fact]
    public void The_oracle_file_has_both_kinds_of_answer()
    {
        Assert.True(Cases.Count(c => c!["error"] is not null) >= 20);
        Assert.True(Cases.Count(c => c!["output"] is not null) >= 20);
    }
}
