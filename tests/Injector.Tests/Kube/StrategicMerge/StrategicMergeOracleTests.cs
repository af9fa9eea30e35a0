using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Injector.Kube.StrategicMerge;
using Injector.Tests.Support;
using Smp = Injector.Kube.StrategicMerge.StrategicMerge;

namespace Injector.Tests.Kube.StrategicMerge;

/// <summary>
/// <see cref="Smp.Apply"/> against apimachinery v0.36.1 itself (tests/testdata/strategicmerge/README.md): every
/// input pair of the hand-written tests and 700 generated pod/patch pairs, with what Go returned: the same JSON (object
/// members in any order, lists in order, numbers as Go prints float64), or an error with the same message.
/// </summary>
public sealed partial class StrategicMergeOracleTests
{
    private sealed record Case(JsonObject Original, JsonObject Patch, JsonNode? Out, string? Error);

    private static readonly Lazy<Dictionary<string, Case>> Cases = new(() =>
    {
        var cases = new Dictionary<string, Case>(StringComparer.Ordinal);
        var path = Path.Combine(TestPaths.TestData, "strategicmerge", "cases.json");
        foreach (var item in JsonNode.Parse(File.ReadAllText(path))!.AsArray())
        {
            cases.Add((string)item!["name"]!, new Case(item["original"]!.DeepClone().AsObject(), item["patch"]!.DeepClone().AsObject(),
                item["out"]?.DeepClone(), (string?)item["error"]));
        }
        return cases;
    });

    /// <summary>Each case with each schema: the hand-written table Go was given, and the generated Kubernetes schema
    /// through <see cref="KubePatchMeta"/> (which must answer the same for these fields).</summary>
    public static TheoryData<string, string> CaseNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Cases.Value.Keys)
        {
            data.Add(name, "table");
            data.Add(name, "kube");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesApimachinery(string name, string schemaName)
    {
        var c = Cases.Value[name];
        IPatchMetaLookup schema = schemaName == "kube" ? KubePatchMeta.Pod : PodPatchSchema.Pod;
        var original = c.Original.DeepClone().AsObject();
        var patch = c.Patch.DeepClone().AsObject();
        if (c.Error is not null)
        {
            var ex = Assert.Throws<StrategicMergeException>(() => Smp.Apply(original, patch, schema));
            // Go's messages hold line breaks; ours are one line. Long quoted values are cut short here.
            var expected = Spaces().Replace(c.Error, " ").Trim();
            if (!ex.Message.Contains('…')) Assert.Equal(expected, ex.Message);
            return;
        }
        var result = Smp.Apply(original, patch, schema);
        Assert.Equal(MergeAssert.Canonical(c.Out), MergeAssert.Canonical(result));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
