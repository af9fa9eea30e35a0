using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Admission;
using Injector.Revisions;
using Injector.Tests.Support;

namespace Injector.Tests.Parity;

/// <summary>
/// The engine on pods exactly as a real kube-apiserver sends them (defaults filled in, ServiceAccount volume, managedFields):
/// through the AdmissionReview entry point, the patch applies, and re-injection changes nothing.
/// </summary>
public sealed class ApiServerFixtureTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestPaths.FixtureDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void InjectsAppliesAndIsIdempotent(string fixture)
    {
        var review = JsonNode.Parse(File.ReadAllBytes(TestPaths.Fixture(fixture)))!;
        var pod = review["request"]!["object"]!;
        var ns = (string)review["request"]!["namespace"]!;
        var injected = ParityInjection.InjectAndApply(pod, ns);
        Assert.NotNull(injected["metadata"]!["annotations"]!["sidecar.istio.io/status"]);
        // The ServiceAccount volume and mounts added by the API server are kept.
        Assert.Contains(injected["spec"]!["volumes"]!.AsArray(), v => ((string)v!["name"]!).StartsWith("kube-api-access-", StringComparison.Ordinal));
        // Re-injection (answered by Istio's algorithm: the pod now carries its status) gives the same pod by the goldens'
        // rules: Istio's templates write `emptyDir:` (null), which the API server defaults to `emptyDir: {}`.
        var again = ParityInjection.InjectAndApply(injected, ns);
        Assert.Null(JsonComparison.FirstDifference(JsonComparison.Normalize(injected), JsonComparison.Normalize(again)));
    }

    [Fact]
    public void DefaultedProbesKeepTheirFieldsAndResolveNamedPortsPerContainer()
    {
        var review = JsonNode.Parse(File.ReadAllBytes(TestPaths.Fixture("hello-probes.json")))!;
        var injected = ParityInjection.InjectAndApply(review["request"]!["object"]!, (string)review["request"]!["namespace"]!);
        var containers = injected["spec"]!["containers"]!.AsArray();
        var liveness = containers[0]!["livenessProbe"]!;
        Assert.Equal("/app-health/hello/livez", (string?)liveness["httpGet"]!["path"]);
        Assert.Equal("HTTP", (string?)liveness["httpGet"]!["scheme"]);
        Assert.NotNull(liveness["periodSeconds"]); // the API server's defaults stay on the rewritten probe
        var proxy = injected["spec"]!["initContainers"]!.AsArray().First(c => (string?)c!["name"] == "istio-proxy")!;
        var probers = JsonNode.Parse((string)proxy["env"]!.AsArray().First(e => (string?)e!["name"] == "ISTIO_KUBE_APP_PROBERS")!["value"]!)!;
        Assert.Equal(80, (int)probers["/app-health/hello/livez"]!["httpGet"]!["port"]!);
        Assert.Equal(90, (int)probers["/app-health/world/livez"]!["httpGet"]!["port"]!);
        Assert.Equal("/", (string?)probers["/app-health/hello/livez"]!["httpGet"]!["path"]);
    }
}
