using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Tests.Admission;
using Injector.Tests.Parity;
using Injector.Tests.Support;

namespace Injector.Tests.Integration;

/// <summary>
/// The real binary over TLS with Istio's install inputs on its command line: a few of Istio's explicit cases, each
/// served with its own <c>--set</c>/<c>--operator-file</c> flags, answer as Istio's goldens; a bad setting stops the
/// start with a message naming it (exit 1), and a bad change of an operator file keeps the last good revision.
/// </summary>
public sealed class IstioInputsServeTests
{
    public static TheoryData<string> Cases() => ["03-hello-tproxy", "07-format-duration", "57-hello-tracing-disabled", "00-hello.cni.injected"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ServesTheCaseAsIstiosGolden(string name)
    {
        var c = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.ExplicitCases, "cases.json"))).RootElement
            .EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var args = new List<string>();
        foreach (var file in c.GetProperty("operatorFiles").EnumerateArray()) args.AddRange(["--operator-file", CaseFile(file.GetString()!)]);
        foreach (var set in c.GetProperty("set").EnumerateArray()) args.AddRange(["--set", set.GetString()!]);
        await using var injector = await InjectorProcess.StartAsync([.. args]);
        using var client = injector.CreateClient();

        var input = WorkloadPods.FromYaml(File.ReadAllText(CaseFile(c.GetProperty("input").GetString()!)));
        var golden = WorkloadPods.FromYaml(File.ReadAllText(CaseFile(c.GetProperty("golden").GetString()!)));
        for (var i = 0; i < input.Count; i++)
        {
            var injected = await InjectAsync(client, input[i].Pod, input[i].Namespace);
            var difference = JsonComparison.FirstDifference(JsonComparison.Normalize(golden[i].Pod), JsonComparison.Normalize(injected));
            Assert.True(difference is null, name + ": " + difference);
        }
    }

    [Theory]
    [InlineData("--set", "values.global.proxy.nope=1", "values.global.proxy.nope")]
    [InlineData("--set", "values.global.proxy.statusPort=abc", "statusPort")]
    [InlineData("--operator-file", "/nonexistent/iop.yaml", "/nonexistent/iop.yaml")]
    public async Task ABadSettingStopsTheStartNamingIt(string flag, string value, string named)
    {
        var (code, output) = await InjectorProcess.RunUntilExitAsync(TimeSpan.FromSeconds(60), flag, value);
        // A start-up failure of serve, through the root handler (docs/serving.md): exit 1 and one error line naming it.
        Assert.Equal(1, code);
        Assert.Contains(named, output);
        Assert.Contains(output.Split('\n'), line => line.StartsWith("error: ", StringComparison.Ordinal) && line.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABadChangeOfAnOperatorFileKeepsTheLastGoodRevision()
    {
        var dir = Directory.CreateTempSubdirectory("injector-iop-").FullName;
        try
        {
            var file = Path.Combine(dir, "iop.yaml");
            await File.WriteAllTextAsync(file, Operator("registry.example.com/istio/proxyv2:1.29.0"));
            await using var injector = await InjectorProcess.StartAsync("--operator-file", file);
            using var client = injector.CreateClient();
            using var monitoring = injector.CreateMonitoringClient();
            Assert.Equal("registry.example.com/istio/proxyv2:1.29.0", await ProxyImageAsync(client));

            await File.WriteAllTextAsync(file, Operator("registry.example.com/istio/proxyv2:1.29.1"));
            await WaitForAsync(async () => await ProxyImageAsync(client) == "registry.example.com/istio/proxyv2:1.29.1");

            await File.WriteAllTextAsync(file, "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  values:\n    global:\n      proxy:\n        statusPort: abc\n");
            await WaitForAsync(async () => NetworkProbe.CounterSum(await monitoring.GetStringAsync("/metrics"), "injector_config_reload_failures_total") >= 1);
            Assert.Equal("registry.example.com/istio/proxyv2:1.29.1", await ProxyImageAsync(client));
            Assert.Contains("statusPort", injector.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Operator(string image) =>
        "apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nspec:\n  values:\n    global:\n      proxy:\n        image: " + image + "\n";

    private static async Task<string?> ProxyImageAsync(HttpClient client)
    {
        var body = AdmissionTestData.PodCreate();
        var pod = JsonNode.Parse(JsonDocument.Parse(body).RootElement.GetProperty("request").GetProperty("object").GetRawText())!.AsObject();
        var injected = await InjectAsync(client, pod, "default");
        foreach (var list in (string[])["initContainers", "containers"])
        {
            if (injected["spec"]![list] is JsonArray containers && containers.FirstOrDefault(c => (string?)c!["name"] == "istio-proxy") is { } proxy)
            {
                return (string?)proxy["image"];
            }
        }
        return null;
    }

    private static async Task<JsonNode> InjectAsync(HttpClient client, JsonObject pod, string ns)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = "00000000-0000-0000-0000-000000000003",
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["namespace"] = ns,
                ["operation"] = "CREATE",
                ["object"] = pod.DeepClone(),
            },
        };
        var (status, answer, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject?timeout=10s", JsonSerializer.SerializeToUtf8Bytes(review)));
        Assert.Equal(HttpStatusCode.OK, status);
        var response = answer.GetProperty("response");
        Assert.True(response.GetProperty("allowed").GetBoolean(), response.ToString());
        return response.TryGetProperty("patch", out var patch) ? PatchApplier.Apply(pod, patch.GetBytesFromBase64()) : pod.DeepClone();
    }

    private static string CaseFile(string name) => Path.Combine(TestPaths.ExplicitCases, "cases", name);

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException("condition not met within 20 s");
            await Task.Delay(250);
        }
    }
}
