using System.Buffers;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Admission;
using Injector.Cli;
using Injector.Cli.Shared;
using Injector.Revisions;
using Injector.Tests.Parity;
using Injector.Tests.Rendering;
using Injector.Tests.Support;

namespace Injector.Tests.Revisions;

/// <summary>
/// Istio's explicit-settings cases (tests/testdata/istio/explicit/cases.json) with each case's settings given exactly as
/// a user types them: <c>--set</c> and <c>--operator-file</c> on the command line. Webhook path: the flags parsed by the
/// options <c>serve</c> uses, the revision loaded as <c>serve</c> loads it, every workload's pod sent through the
/// webhook's entry point (<see cref="AdmissionHandler"/>). kube-inject path: the <c>kube-inject</c> command itself.
/// The three cases that need the namespace's OpenShift annotations (a cluster lookup) are run by the rendered-path
/// tests with namespace facts; the webhook here has no cluster.
/// </summary>
public sealed class ExplicitCasesCliTests
{
    private static readonly JsonElement[] AllCases = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.ExplicitCases, "cases.json")))
        .RootElement.EnumerateArray().Select(c => c.Clone()).ToArray();

    // Custom templates are the template issue's (53, 69); they run here too once the renderer takes them.
    public static TheoryData<string> WebhookCases() => Names(c => c.GetProperty("webhook").GetBoolean() && !c.GetProperty("needsCluster").GetBoolean());

    public static TheoryData<string> KubeInjectCases() => Names(c => c.GetProperty("kubeInject").GetBoolean() && !c.GetProperty("needsCluster").GetBoolean());

    [Theory]
    [MemberData(nameof(WebhookCases))]
    public void WebhookWithTheCasesFlagsMatchesIstio(string name)
    {
        var c = Case(name);
        var table = RevisionLoader.Load(ParseServeSource(Arguments(c)));
        var input = WorkloadPods.FromYaml(File.ReadAllText(CaseFile(c.GetProperty("input").GetString()!)));
        if (c.GetProperty("expectedError").GetString() is { } expectedError)
        {
            var (_, denial) = Send(table, input[0].Pod, input[0].Namespace);
            Assert.NotNull(denial);
            Assert.Contains(expectedError, denial, StringComparison.OrdinalIgnoreCase);
            return;
        }

        var golden = WorkloadPods.FromYaml(File.ReadAllText(CaseFile(c.GetProperty("golden").GetString()!)));
        Assert.Equal(golden.Count, input.Count);
        for (var i = 0; i < input.Count; i++)
        {
            var (injected, denial) = Send(table, input[i].Pod, input[i].Namespace);
            Assert.True(denial is null, name + ": denied: " + denial);
            var difference = JsonComparison.FirstDifference(JsonComparison.Normalize(golden[i].Pod), JsonComparison.Normalize(injected));
            Assert.True(difference is null, name + " [" + input[i].Name + "]: " + difference);
            var (again, _) = Send(table, (JsonObject)injected!, input[i].Namespace);
            var drift = JsonComparison.FirstDifference(JsonComparison.Normalize(injected), JsonComparison.Normalize(again));
            // A case Istio itself does not re-inject idempotently (ExplicitCaseTests.KnownDifferences, e.g. 69) must
            // drift exactly as known there.
            if (ExplicitCaseTests.KnownDifferences.GetValueOrDefault(name).Webhook is { } known && known.StartsWith("re-injecting", StringComparison.Ordinal))
            {
                var knownDrift = known[(known.IndexOf(": ", StringComparison.Ordinal) + 2)..];
                Assert.True(drift is not null && drift.StartsWith(knownDrift, StringComparison.Ordinal), name + ": expected the known re-injection drift \"" + known + "\", got " + (drift ?? "none"));
                continue;
            }
            Assert.True(drift is null, name + " [" + input[i].Name + "] not idempotent: " + drift);
        }
    }

    [Theory]
    [MemberData(nameof(KubeInjectCases))]
    public async Task KubeInjectWithTheCasesFlagsMatchesIstio(string name)
    {
        var c = Case(name);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] args = ["kube-inject", "-f", CaseFile(c.GetProperty("input").GetString()!), .. Arguments(c)];
        var code = await CliRoot.InvokeAsync(args, new InvocationConfiguration { Output = stdout, Error = stderr });
        if (c.GetProperty("expectedError").GetString() is { } expectedError)
        {
            Assert.NotEqual(0, code);
            Assert.Contains(expectedError, stderr.ToString(), StringComparison.OrdinalIgnoreCase);
            return;
        }
        Assert.True(code == 0, name + ": exit " + code + ": " + stderr);
        var golden = YamlJson.LoadAll(File.ReadAllText(CaseFile(c.GetProperty("golden").GetString()!)));
        var output = YamlJson.LoadAll(stdout.ToString());
        Assert.Equal(golden.Count, output.Count);
        for (var i = 0; i < golden.Count; i++)
        {
            var difference = JsonComparison.FirstDifference(RenderedCases.NormalizeDocument(golden[i]), RenderedCases.NormalizeDocument(output[i]));
            Assert.True(difference is null, name + " document " + i + ": " + difference);
        }
    }

    [Fact]
    public void EveryCaseIsRunOnSomePath()
    {
        // The filters above leave out only the cluster cases: a case silently dropped would check nothing.
        var run = WebhookCases().Count + KubeInjectCases().Count;
        var expected = AllCases.Count(c => !c.GetProperty("needsCluster").GetBoolean() && c.GetProperty("webhook").GetBoolean())
            + AllCases.Count(c => !c.GetProperty("needsCluster").GetBoolean() && c.GetProperty("kubeInject").GetBoolean());
        Assert.Equal(expected, run);
        Assert.True(run >= 90, "only " + run + " case runs");
    }

    /// <summary>The flags through the options object <c>serve</c> registers, as System.CommandLine parses them.</summary>
    internal static RevisionSource ParseServeSource(IReadOnlyList<string> args)
    {
        var options = RevisionSourceOptions.ForServe();
        var command = new RootCommand();
        options.AddTo(command);
        var parse = command.Parse(args.ToArray());
        Assert.Empty(parse.Errors);
        return options.Bind(parse);
    }

    internal static (JsonNode? Pod, string? Denial) Send(RevisionTable table, JsonObject pod, string ns)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = "00000000-0000-0000-0000-000000000002",
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["namespace"] = ns,
                ["operation"] = "CREATE",
                ["object"] = pod.DeepClone(),
            },
        };
        var response = new ArrayBufferWriter<byte>();
        AdmissionHandler.Handle(new ReadOnlySequence<byte>(JsonSerializer.SerializeToUtf8Bytes(review)), new AdmissionRoute(), table, response);
        var answer = JsonNode.Parse(response.WrittenSpan)!["response"]!;
        if (!(bool)answer["allowed"]!) return (null, (string?)answer["status"]?["message"] ?? "denied");
        return (answer["patch"] is { } patch ? PatchApplier.Apply(pod, Convert.FromBase64String((string)patch!)) : pod.DeepClone(), null);
    }

    /// <summary>The case's settings as command-line flags: its IstioOperator files in order, then its <c>--set</c>s.</summary>
    private static List<string> Arguments(JsonElement c)
    {
        var args = new List<string>();
        foreach (var file in c.GetProperty("operatorFiles").EnumerateArray()) args.AddRange(["--operator-file", CaseFile(file.GetString()!)]);
        foreach (var set in c.GetProperty("set").EnumerateArray()) args.AddRange(["--set", set.GetString()!]);
        return args;
    }

    private static string CaseFile(string name) => Path.Combine(TestPaths.ExplicitCases, "cases", name);

    private static JsonElement Case(string name) => AllCases.Single(c => c.GetProperty("name").GetString() == name);

    private static TheoryData<string> Names(Func<JsonElement, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (var c in AllCases.Where(filter)) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }
}
