using System.Text.Json;
using Injector.Admission;
using Injector.Limits;
using Injector.Tests.Support;
using Xunit.Abstractions;

namespace Injector.Tests.Admission;

/// <summary>
/// Issue 12's reproducers through the whole request path below HTTP, at sizes CI affords (each still far past what the
/// old code survived: the sizes and the old costs are in the test names and docs/reliability.md). Every one gets an
/// answer (a denial naming the annotation and the limit, or an injection), and its CPU stays bounded: thread CPU time,
/// so other builds on the machine do not make it flaky. The full sizes run in tests/fuzz-long.sh and load/hostile-soak.sh.
/// </summary>
public sealed class HostileReviewTests(ITestOutputHelper output)
{
    // Generous: each case takes a few to a few tens of milliseconds now; the old code took 5-60 s at these sizes.
    private static readonly TimeSpan CpuBound = TimeSpan.FromSeconds(1.5);

    public static TheoryData<int> DeepYamlLevels => new() { 65, 1_000, 30_000, 60_000 };

    [Theory]
    [MemberData(nameof(DeepYamlLevels))]
    public void Deeply_nested_yaml_in_the_proxy_config_is_denied_naming_the_annotation_and_the_depth_limit(int levels)
    {
        // 60,000 levels (123 KB) crashed the process (SIGSEGV after 65 s); 30,000 took 56 s; 1,000 was a 500.
        var (result, response) = Run(HostileReviews.DeepYaml(levels), "deep YAML " + levels);
        // Answered by Istio's algorithm (the pod carries proxy.istio.io/config): Istio's message around our YAML limit.
        AssertDenied(result, response, "proxy.istio.io/config", "nesting is deeper than");
    }

    [Fact]
    public void A_yaml_alias_bomb_is_denied_before_anything_is_expanded()
    {
        // 330 bytes that expanded to a 210 MB answer (RSS 35 -> 881 MB).
        var (result, response) = Run(HostileReviews.AliasBomb(), "alias bomb");
        AssertDenied(result, response, "proxy.istio.io/config", InputLimits.MaxYamlNodes + " nodes");
        Assert.True(response.GetRawText().Length < 2_000, "the denial is one short line, not the expansion");
    }

    [Fact]
    public void A_yaml_alias_inside_the_node_it_names_is_denied_not_walked_forever()
    {
        var (result, response) = Run(HostileReviews.RecursiveAlias(), "recursive alias");
        AssertDenied(result, response, "proxy.istio.io/config", "contains itself");
    }

    public static TheoryData<string, int, int> QuadraticShapes => new()
    {
        // shape, listed names (or entries), pod entries; the old cost at the measurement where there is one
        { "status volumes x pod volumes (20k x 5k: 7.8 s before)", 20_000, 5_000 },
        { "status containers x pod containers (10k x 5k: 12.7 s before)", 10_000, 5_000 },
        { "status pull secrets x pod pull secrets", 20_000, 5_000 },
        { "userVolumeMount entries x pod volumes", 10_000, 5_000 },
        { "userVolumeMount x the user's istio-proxy volumeMounts", 10_000, 0 },
        { "rewritten probes x containers searched for previous probers", 10_000, 0 },
    };

    [Theory]
    [MemberData(nameof(QuadraticShapes))]
    public void Work_is_linear_in_what_the_pod_lists(string shape, int names, int entries)
    {
        var body = shape switch
        {
            _ when shape.StartsWith("status volumes", StringComparison.Ordinal) => HostileReviews.StatusNamesAgainstVolumes(names, entries),
            _ when shape.StartsWith("status containers", StringComparison.Ordinal) => HostileReviews.StatusNamesAgainstContainers(names, entries),
            _ when shape.StartsWith("status pull", StringComparison.Ordinal) => HostileReviews.StatusNamesAgainstPullSecrets(names, entries),
            _ when shape.StartsWith("userVolumeMount entries", StringComparison.Ordinal) => HostileReviews.UserMountsAgainstVolumes(names, entries),
            _ when shape.StartsWith("userVolumeMount x", StringComparison.Ordinal) => HostileReviews.ProxyMountsMerge(names),
            _ => HostileReviews.RewrittenProbesWithoutProbers(names),
        };
        var (result, response) = Run(body, shape);
        Assert.Equal(200, result.StatusCode);
        // Answered within the CPU bound either way: injected, or refused by a limit Kubernetes or this injector sets
        // (annotations over the API server's 256 KiB, a template over its step budget), never after quadratic work.
        var answer = response.GetProperty("response");
        if (!answer.GetProperty("allowed").GetBoolean())
        {
            var message = answer.GetProperty("status").GetProperty("message").GetString()!;
            Assert.True(message.Contains("Too long: may not be more than 262144 bytes", StringComparison.Ordinal)
                || message.Contains("exceeds the limit of", StringComparison.Ordinal), message[..Math.Min(500, message.Length)]);
        }
    }

    public static TheoryData<string, string> UnpairedSurrogates => new()
    {
        { "sidecar.istio.io/userVolume", """{"\ud800":{"emptyDir":{}}}""" },
        { "sidecar.istio.io/userVolume", """{"extra":{"emptyDir":{"medium":"\udc00"}}}""" },
        { "sidecar.istio.io/userVolumeMount", """{"\ud800x":{"mountPath":"/x"}}""" },
        { "sidecar.istio.io/userVolumeMount", """{"data":{"mountPath":"/x\ud800"}}""" },
        { "sidecar.istio.io/status", """{"volumes":["\ud800"],"containers":["istio-proxy"],"initContainers":["\udbff\u0041"]}""" },
        { "sidecar.istio.io/status", """{"imagePullSecrets":["\ud800\ud800"]}""" },
        { "proxy.istio.io/overrides", """{"containers":[{"name":"istio-proxy","image":"\ud800","env":[{"name":"\udfff","value":"v"}]}]}""" },
        { "proxy.istio.io/config", """{"proxyMetadata":{"A":"\ud800"}}""" },
        { "proxy.istio.io/config", "a: \"\\udc00\"" },
    };

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public void An_unpaired_surrogate_escape_in_an_annotation_is_an_answer_never_an_exception(string annotation, string value)
    {
        // InvalidOperationException (a 500) before: System.Text.Json throws when such a string is read.
        var extra = annotation == "proxy.istio.io/overrides"
            ? [("sidecar.istio.io/status", """{"containers":["istio-proxy"]}""")]
            : Array.Empty<(string, string)>();
        var data = annotation == "sidecar.istio.io/userVolumeMount" && value.Contains("\"data\"", StringComparison.Ordinal)
            ? [("sidecar.istio.io/userVolume", """{"data":{"emptyDir":{}}}""")]
            : Array.Empty<(string, string)>();
        var (result, response) = Run(HostileReviews.WithAnnotations([(annotation, value), .. extra, .. data]), annotation);
        Assert.Equal(200, result.StatusCode);
        if (!response.GetProperty("response").GetProperty("allowed").GetBoolean())
        {
            Assert.DoesNotContain("\n", response.GetProperty("response").GetProperty("status").GetProperty("message").GetString()!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unpaired_surrogate_escape_in_a_userVolume_name_is_read_as_go_reads_it()
    {
        // Go's decoder turns it into U+FFFD; so do we (the API server then refuses such a volume name, as with Istio).
        var (_, response) = Run(HostileReviews.WithAnnotations(("sidecar.istio.io/userVolume", """{"\ud800":{"emptyDir":{}}}""")), "userVolume");
        var patch = System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(response.GetProperty("response").GetProperty("patch").GetString()!))!;
        Assert.Contains("\"name\":\"\\uFFFD\"", patch.ToJsonString());
    }

    [Fact]
    public void An_unpaired_surrogate_escape_in_the_review_itself_is_a_400()
    {
        var body = HostileReviews.Edit(pod => pod["metadata"]!["labels"]!["app"] = "placeholder");
        var text = System.Text.Encoding.UTF8.GetString(body).Replace("\"placeholder\"", "\"\\ud800\"", StringComparison.Ordinal);
        var (result, response) = AdmissionTestData.Run(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("invalid_json", result.Reason);
        Assert.Contains("surrogate", response.GetProperty("response").GetProperty("status").GetProperty("message").GetString());
    }

    private (AdmissionResult Result, JsonElement Response) Run(byte[] body, string what)
    {
        (AdmissionResult, JsonElement) answer = default;
        var cpu = ThreadCpu.Measure(() => answer = AdmissionTestData.Run(body));
        output.WriteLine(what + ": " + body.Length + " bytes, " + cpu.TotalMilliseconds.ToString("F0") + " ms CPU, answer " + answer.Item2.GetRawText().Length + " bytes");
        Assert.True(cpu < CpuBound, what + " took " + cpu.TotalMilliseconds + " ms of CPU");
        return answer;
    }

    private static void AssertDenied(AdmissionResult result, JsonElement response, string annotation, string limit)
    {
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(AdmissionOutcome.Denied, result.Outcome);
        var message = response.GetProperty("response").GetProperty("status").GetProperty("message").GetString()!;
        Assert.Contains(annotation, message);
        Assert.Contains(limit, message);
        Assert.DoesNotContain('\n', message);
    }
}
