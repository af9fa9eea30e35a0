using System.Diagnostics;
using System.Text;
using Injector.Templates;
using Injector.Templates.Functions;

namespace Injector.Tests.Templates;

/// <summary>
/// Hostile and broken templates and data end in a clear error within the limits, quickly, never a hang, a crash or
/// unbounded memory: size, nesting, node count, steps, output, template recursion, work functions do, value depth.
/// </summary>
public sealed class LimitTests
{
    private static readonly FunctionTable Functions = FunctionTable.Create();

    private static TemplateException ParseFails(string text, TemplateParseLimits? limits = null)
    {
        var ex = Assert.Throws<TemplateException>(() => GoTemplate.Parse("inject", text, Functions, limits));
        Assert.Equal(TemplateErrorKind.Parse, ex.Kind);
        return ex;
    }

    private static TemplateException ExecutionFails(string text, object? data = null, TemplateExecutionLimits? limits = null)
    {
        var template = GoTemplate.Parse("inject", text, Functions);
        var watch = Stopwatch.StartNew();
        var ex = Assert.Throws<TemplateException>(() => template.Execute(data, limits));
        // Generous bound on a shared machine: the point is "stops", not "fast".
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "took " + watch.Elapsed);
        return ex;
    }

    [Fact]
    public void TemplateLargerThanTheLimitIsRefusedBeforeLexing()
    {
        var ex = ParseFails(new string('x', 2000), new TemplateParseLimits { MaxTemplateBytes = 1000 });
        Assert.Equal("template: inject:0: template is 2000 bytes, more than the limit of 1000", ex.Message);
    }

    [Theory]
    [InlineData(101, "{{ if 1 }}", "{{ end }}")]
    [InlineData(101, "{{ range . }}", "{{ end }}")]
    [InlineData(101, "{{ with 1 }}", "{{ end }}")]
    [InlineData(101, "{{ block \"b\" . }}", "{{ end }}")]
    [InlineData(5000, "{{ if 1 }}", "{{ end }}")]
    public void DeepControlNestingIsAParseError(int depth, string open, string close)
    {
        string text = string.Concat(Enumerable.Repeat(open, depth)) + "x" + string.Concat(Enumerable.Repeat(close, depth));
        var ex = ParseFails(text);
        Assert.EndsWith("template nests deeper than 100 levels", ex.Message);
    }

    [Fact]
    public void DeepParenthesesAreAParseError()
    {
        string text = "{{ " + new string('(', 20000) + "1" + new string(')', 20000) + " }}";
        var ex = ParseFails(text);
        Assert.Equal("template: inject:1: template nests deeper than 100 levels", ex.Message);
    }

    [Fact]
    public void LongElseIfChainCountsAsNesting()
    {
        string text = "{{ if 0 }}" + string.Concat(Enumerable.Repeat("{{ else if 0 }}", 200)) + "{{ end }}";
        ParseFails(text);
        string fine = "{{ if 0 }}" + string.Concat(Enumerable.Repeat("{{ else if 0 }}", 50)) + "{{ else }}last{{ end }}";
        Assert.Equal("last", GoTemplate.Parse("inject", fine, Functions).Execute(null));
    }

    [Fact]
    public void NestingJustUnderTheLimitExecutes()
    {
        string text = string.Concat(Enumerable.Repeat("{{ if 1 }}", 99)) + "deep" + string.Concat(Enumerable.Repeat("{{ end }}", 99));
        Assert.Equal("deep", GoTemplate.Parse("inject", text, Functions).Execute(null));
    }

    [Fact]
    public void TooManyNodesIsAParseError()
    {
        string text = string.Concat(Enumerable.Repeat("{{1}}", 60_000));
        var ex = ParseFails(text);
        Assert.EndsWith("template has more than 200000 nodes", ex.Message);
    }

    [Fact]
    public void HugeRangeOverAnIntegerStopsAtTheStepLimit()
    {
        var ex = ExecutionFails("{{ range $i := 1000000000000 }}{{ end }}");
        Assert.Equal(TemplateErrorKind.Limit, ex.Kind);
        Assert.Contains("execution exceeds the limit of 2000000 steps", ex.Message);
    }

    [Fact]
    public void HugeUntilIsRefusedBeforeItAllocates()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = ExecutionFails("{{ range until 100000000 }}x{{ end }}");
        Assert.Equal(TemplateErrorKind.Limit, ex.Kind);
        Assert.Contains("functions build more than 16777216 characters of values", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50_000_000);
    }

    [Fact]
    public void RecursiveTemplateStopsAtTheCallDepth()
    {
        var ex = ExecutionFails("{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}");
        Assert.Equal(TemplateErrorKind.Limit, ex.Kind);
        Assert.Equal("template: inject:1:28: executing \"r\" at <{{template \"r\" .}}>: exceeded maximum template depth (100)", ex.Message);
    }

    [Fact]
    public void MutualRecursionWithNestingStopsCleanly()
    {
        string body = string.Concat(Enumerable.Repeat("{{ if 1 }}", 90)) + "{{ template \"r\" . }}" + string.Concat(Enumerable.Repeat("{{ end }}", 90));
        var ex = ExecutionFails("{{ define \"r\" }}" + body + "{{ end }}{{ template \"r\" . }}",
            limits: new TemplateExecutionLimits { MaxTemplateCallDepth = 100_000 });
        Assert.Equal(TemplateErrorKind.Limit, ex.Kind);
    }

    [Fact]
    public void GiantPrintfWidthIsBoundedByTheWorkBudget()
    {
        // Go accepts widths up to about ten million; ten of them exceed the budget.
        var ex = ExecutionFails("{{ range until 10 }}{{ $x := printf \"%10000000d\" 1 }}{{ end }}");
        Assert.Equal(TemplateErrorKind.Limit, ex.Kind);
        Assert.Contains("functions build more than", ex.Message);
        Assert.Equal("%!(NOVERB)%!(EXTRA int=1)", GoTemplate.Parse("inject", "{{ printf \"%999999999d\" 1 }}", Functions).Execute(null));
    }

    [Fact]
    public void OutputBeyondTheLimitStops()
    {
        var ex = ExecutionFails("{{ range until 100 }}{{ printf \"%100000d\" 1 }}{{ end }}");
        Assert.Equal(TemplateErrorKind.Limit, ex.Kind);
        Assert.Contains("output exceeds the limit of 4194304 characters", ex.Message);
        var small = ExecutionFails("{{ range until 10 }}0123456789{{ end }}", limits: new TemplateExecutionLimits { MaxOutputChars = 50 });
        Assert.Contains("<0123456789>: output exceeds the limit of 50 characters", small.Message);
    }

    [Fact]
    public void ExponentialValueIsNotExpandedWithoutBound()
    {
        // Each step doubles what printing or marshalling the value would write.
        const string Build = "{{ $x := list 1 }}{{ range until 60 }}{{ $x = list $x $x }}{{ end }}";
        Assert.Equal(TemplateErrorKind.Limit, ExecutionFails(Build + "{{ toJson $x }}").Kind);
        Assert.Equal(TemplateErrorKind.Limit, ExecutionFails(Build + "{{ $x }}").Kind);
        Assert.Equal(TemplateErrorKind.Limit, ExecutionFails(Build + "{{ deepEqual $x (list) }}{{ uniq (list $x $x 1) }}").Kind);
        Assert.Equal(TemplateErrorKind.Limit, ExecutionFails(Build + "{{ deepCopy $x }}").Kind);
    }

    [Fact]
    public void DeeplyNestedValueIsALimitErrorNotAStackOverflow()
    {
        const string Build = "{{ $x := list }}{{ range until 5000 }}{{ $x = list $x }}{{ end }}";
        var printed = ExecutionFails(Build + "{{ $x }}");
        Assert.Contains("value nested deeper than 1000 levels", printed.Message);
        Assert.Contains("value nested deeper than 1000 levels", ExecutionFails(Build + "{{ toJson $x }}").Message);
        Assert.Contains("value nested deeper than 1000 levels", ExecutionFails(Build + "{{ omitNil $x }}").Message);
    }

    [Fact]
    public void DeeplyNestedJsonIsRefused()
    {
        string json = new string('[', 5000) + new string(']', 5000);
        var template = GoTemplate.Parse("inject", "{{ fromJSON .j }}|{{ fromJson .j }}|{{ mustFromJson .j }}", Functions);
        var data = Injector.Templates.Values.GoAnyMap.ReadOnly([KeyValuePair.Create<string, object?>("j", json)]);
        var output = new StringBuilder();
        var ex = Assert.Throws<TemplateException>(() => template.Execute(data, output));
        Assert.Equal("{}|<no value>|", output.ToString());
        Assert.EndsWith("error calling mustFromJson: exceeded max depth", ex.Message);
    }

    [Fact]
    public void RepeatOfAHugeCountIsRefusedBeforeItAllocates()
    {
        var ex = ExecutionFails("{{ repeat 1000000000 \"abc\" }}");
        Assert.Equal(TemplateErrorKind.Limit, ex.Kind);
    }

    [Fact]
    public void BacktrackingPatternRunsInLinearTime()
    {
        var template = GoTemplate.Parse("inject", "{{ regexMatch \"(a*)*b\" .s }} {{ regexReplaceAll \"(a|aa)*c\" .s \"x\" | len }}", Functions);
        var data = Injector.Templates.Values.GoAnyMap.ReadOnly([KeyValuePair.Create<string, object?>("s", new string('a', 50_000))]);
        Assert.Equal("false 50000", template.Execute(data));
    }

    [Fact]
    public void ConfiguredNestingBeyondTheStackGivesAnErrorNotACrash()
    {
        // A caller may raise the nesting limit; the stack then ends parsing with an error rather than the process.
        string text = "{{ " + new string('(', 200_000) + "1" + new string(')', 200_000) + " }}";
        var limits = new TemplateParseLimits { MaxNestingDepth = 1_000_000, MaxTemplateBytes = 1 << 22, MaxNodes = 10_000_000 };
        TemplateException? caught = null;
        var thread = new Thread(() => caught = Record.Exception(() => GoTemplate.Parse("inject", text, Functions, limits)) as TemplateException,
            256 * 1024);
        thread.Start();
        thread.Join();
        Assert.NotNull(caught);
        Assert.Contains("nests too deeply for the stack", caught!.Message);
    }

    [Fact]
    public void OneParsedTemplateServesConcurrentExecutions()
    {
        var template = GoTemplate.Parse("inject",
            "{{ $d := dict \"n\" . }}{{ $_ := set $d \"m\" (printf \"%v-%v\" . .) }}{{ range until 50 }}{{ $d.m }}{{ end }}", Functions);
        var results = new string[8];
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            string last = "";
            for (int run = 0; run < 200; run++)
            {
                last = template.Execute((long)i);
            }
            results[i] = last;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(string.Concat(Enumerable.Repeat($"{i}-{i}", 50)), results[i]);
        }
    }
}
