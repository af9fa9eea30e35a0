using System.Text;
using Injector.Kube.Yaml;

namespace Injector.Tests.Kube.Yaml;

/// <summary>Each limit of <see cref="GoYamlLimits"/> stops hostile input before the work it guards.</summary>
public sealed class GoYamlLimitTests
{
    /// <summary>Nine levels of nine aliases: 330 bytes that Go would expand to 10⁹ nodes.</summary>
    private static string BillionLaughs()
    {
        var sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            sb.Append(level).Append(": &").Append(level).Append(" [").AppendJoin(",", Enumerable.Repeat("*" + previous, 9)).Append("]\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void BillionLaughsFailsAtTheAliasThatCrossesTheBudgetWithoutExpanding()
    {
        var yaml = BillionLaughs();
        Assert.InRange(yaml.Length, 300, 360);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<GoYamlException>(() => GoYaml.ToJson(yaml));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("MaxNodes", ex.Message);
        // Level e stands for 66,430 nodes; the seventh *e on line 6 takes the running total past 500,000.
        Assert.Contains("line 6, column 26", ex.Message);
        Assert.True(allocated < 2_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void InputLongerThanTheLimitIsRefusedBeforeParsing()
    {
        var ex = Assert.Throws<GoYamlException>(() => GoYaml.ToJson("a: b\n", new GoYamlLimits { MaxInputLength = 4 }));
        Assert.Contains("MaxInputLength", ex.Message);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void NestingBeyondTheDepthIsRefusedAsItOpens(string open, string close)
    {
        var deep = string.Concat(Enumerable.Repeat(open, 200)) + "x" + string.Concat(Enumerable.Repeat(close, 200));
        var ex = Assert.Throws<GoYamlException>(() => GoYaml.ToJson(deep));
        Assert.Contains("MaxDepth", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);

        var fits = string.Concat(Enumerable.Repeat(open, 100)) + "x" + string.Concat(Enumerable.Repeat(close, 100));
        Assert.NotNull(GoYaml.ToJson(fits));
    }

    [Fact]
    public void AliasesCountTowardsTheDepth()
    {
        // Each anchor nests the previous one: 30 levels of text, but *e9 stands for 10 × 30.
        var sb = new StringBuilder("e0: &e0 " + string.Concat(Enumerable.Repeat("[", 30)) + "x" + string.Concat(Enumerable.Repeat("]", 30)) + "\n");
        for (var i = 1; i < 10; i++) sb.Append($"e{i}: &e{i} ").Append(string.Concat(Enumerable.Repeat("[", 29))).Append($"*e{i - 1}").Append(string.Concat(Enumerable.Repeat("]", 29))).Append('\n');
        var ex = Assert.Throws<GoYamlException>(() => GoYaml.ToJson(sb.ToString()));
        Assert.Contains("MaxDepth", ex.Message);
    }

    [Fact]
    public void MergeKeyChainsCountTowardsTheDepth()
    {
        // m1 merges m0, m2 merges m1, ...: each level is 2 deep in the text but decoding recurses through all of them.
        var sb = new StringBuilder("m0: &m0 {x: 0}\n");
        for (var i = 1; i < 300; i++) sb.Append($"m{i}: &m{i} {{<<: *m{i - 1}, x{i}: {i}}}\n");
        var ex = Assert.Throws<GoYamlException>(() => GoYaml.ToJson(sb.ToString()));
        Assert.Contains("MaxDepth", ex.Message);

        var shortChain = new StringBuilder("m0: &m0 {x: 0}\n");
        for (var i = 1; i < 20; i++) shortChain.Append($"m{i}: &m{i} {{<<: *m{i - 1}, x{i}: {i}}}\n");
        var json = GoYaml.ToJson(shortChain.ToString())!;
        Assert.Equal(20, json["m19"]!.AsObject().Count); // x, x1..x19
    }

    [Fact]
    public void NodeBudgetCountsEveryNode()
    {
        var yaml = "[" + string.Join(",", Enumerable.Repeat("1", 150)) + "]";
        Assert.NotNull(GoYaml.ToJson(yaml, new GoYamlLimits { MaxNodes = 151 }));
        var ex = Assert.Throws<GoYamlException>(() => GoYaml.ToJson(yaml, new GoYamlLimits { MaxNodes = 150 }));
        Assert.Contains("MaxNodes", ex.Message);
    }

    [Fact]
    public void ScalarTextBudgetCountsAliasedText()
    {
        // One 10,000-character string used 100 times: 1,000,000 characters of output from 10,700 of input.
        var yaml = "a: &a " + new string('x', 10_000) + "\nb: [" + string.Join(",", Enumerable.Repeat("*a", 100)) + "]\n";
        var ex = Assert.Throws<GoYamlException>(() => GoYaml.ToJson(yaml, new GoYamlLimits { MaxScalarLength = 500_000 }));
        Assert.Contains("MaxScalarLength", ex.Message);
        Assert.Equal(100, GoYaml.ToJson(yaml)!["b"]!.AsArray().Count);
    }

    [Fact]
    public void SelfReferenceIsAnErrorNotALoop()
    {
        var ex = Assert.Throws<GoYamlException>(() => GoYaml.ToJson("a: &x [b, *x]\n"));
        Assert.Contains("contains itself", ex.Message);
        Assert.Throws<GoYamlException>(() => GoYaml.ToJson("a: &x {k: {<<: *x}}\n"));
    }

    [Fact]
    public void LargeFlatInputIsLinear()
    {
        // 2,000 env entries, as a big pod might carry: well inside every limit and quick.
        var sb = new StringBuilder("env:\n");
        for (var i = 0; i < 2000; i++) sb.Append($"- name: VAR_{i}\n  value: \"{i}\"\n");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var json = GoYaml.ToJson(sb.ToString())!;
        Assert.Equal(2000, json["env"]!.AsArray().Count);
        Assert.True(started.ElapsedMilliseconds < 2000, $"{started.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void RereadingPlainScalarsWithStarWordsIsBounded()
    {
        // Each item's key "a *" ends at ": " only when its '*' is mended and the text read again up to it.
        var yaml = string.Concat(Enumerable.Repeat("- a *: 1\n", 200));
        var items = Assert.IsType<System.Text.Json.Nodes.JsonArray>(GoYaml.ToJson(yaml));
        Assert.Equal(200, items.Count);
        Assert.All(items, item => Assert.Equal("{\"a *\":1}", item!.ToJsonString()));

        var ex = Assert.Throws<GoYamlException>(() => GoYaml.ToJson(yaml, new GoYamlLimits { MaxRereadLength = 1000 }));
        Assert.Contains("MaxRereadLength", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_reread_counts_the_whole_text_not_only_the_part_before_the_key()
    {
        // One star-word key at the top of a long document: the re-read copies all of it, so it counts all of it.
        var yaml = "a *: 1\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"k{i}: v\n"));
        Assert.Equal("1", GoYaml.ToJson(yaml, new GoYamlLimits { MaxRereadLength = yaml.Length })!["a *"]!.ToJsonString());

        var ex = Assert.Throws<GoYamlException>(() => GoYaml.ToJson(yaml, new GoYamlLimits { MaxRereadLength = yaml.Length - 1 }));
        Assert.Contains("MaxRereadLength", ex.Message);
    }
}
