using System.Text.Json.Nodes;
using Injector.Cli;
using Injector.Cli.Diff;
using Injector.Cli.Shared;
using Injector.Kubernetes;
using Injector.Operations.Diff;
using Injector.Tests.Fakes;
using Injector.Tests.Operations;
using Injector.Tests.Revisions;

namespace Injector.Tests.Diff;

/// <summary><c>injector diff</c> through the real engine: offline from a file, online from live workloads and the revisions' ConfigMaps.</summary>
public sealed class DiffCommandTests : IDisposable
{
    private const string OldRevision = "revision: old\ntag: 1.22.0\ndiscoveryAddress: istiod-old.istio-system.svc:15012\n";
    private const string NewRevision = "revision: new\ntag: 1.23.3\ndiscoveryAddress: istiod-new.istio-system.svc:15012\n"
        + "proxyResources:\n  requests:\n    cpu: 200m\n    memory: 128Mi\n";
    private const string Workloads = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "web:1"}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: shop}
        spec:
          template:
            metadata: {labels: {app: db, sidecar.istio.io/inject: "false"}}
            spec:
              containers: [{name: db, image: "db:1"}]
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (string Config, string File) Inputs() => Inputs(_dir);

    /// <summary>Revisions old and new (a config directory) and two workloads, written into <paramref name="dir"/>.</summary>
    internal static (string Config, string File) Inputs(TempDirectory dir)
    {
        dir.Write("cfg/old.yaml", OldRevision);
        dir.Write("cfg/new.yaml", NewRevision);
        return (Path.Combine(dir.Path, "cfg"), dir.Write("w.yaml", Workloads));
    }

    [Fact]
    public async Task OfflineShowsWhatThePodGainsLosesAndChanges()
    {
        var (config, file) = Inputs();
        var (exit, output, error) = await CliRunner.RunAsync("diff", "--from", "old", "--to", "new", "--config", config, "-f", file);

        Assert.True(exit == 0, error);
        var lines = output.Split('\n');
        Assert.Equal("deployment.apps/web (namespace shop): old -> new", lines[0]);
        Assert.Contains("  ~ metadata.annotations[\"sidecar.istio.io/status\"].revision: \"old\" -> \"new\"", lines);
        Assert.Contains("  ~ spec.initContainers[istio-proxy].image: \"docker.io/istio/proxyv2:1.22.0\" -> \"docker.io/istio/proxyv2:1.23.3\"", lines);
        Assert.Contains("  ~ spec.initContainers[istio-proxy].env[CA_ADDR].value: \"istiod-old.istio-system.svc:15012\" -> \"istiod-new.istio-system.svc:15012\"", lines);
        Assert.Contains("  ~ spec.initContainers[istio-proxy].resources.requests.cpu: \"100m\" -> \"200m\"", lines);
        Assert.Contains("  - spec.initContainers[istio-proxy].resources.limits: {\"cpu\":\"2\",\"memory\":\"1Gi\"}", lines);
        // The StatefulSet opts out: not injected under either revision, so nothing differs.
        var db = Array.IndexOf(lines, "statefulset.apps/db (namespace shop): old -> new");
        Assert.True(db > 0, output);
        Assert.StartsWith("  under old: not injected (", lines[db + 1]);
        Assert.StartsWith("  under new: not injected (", lines[db + 2]);
        Assert.Equal("  no difference", lines[db + 3]);
    }

    [Fact]
    public async Task JsonCarriesBothInjectedPodsAndEveryChange()
    {
        var (config, file) = Inputs();
        var (exit, output, _) = await CliRunner.RunAsync("diff", "--from", "old", "--to", "new", "--config", config, "-f", file, "-o", "json");

        Assert.Equal(0, exit);
        var web = JsonNode.Parse(output)!.AsArray()[0]!;
        Assert.Equal("deployment.apps", (string?)web["kind"]);
        Assert.Equal("injected", (string?)web["from"]!["outcome"]);
        Assert.Equal("new", (string?)web["to"]!["revision"]);
        var toProxy = web["to"]!["pod"]!["spec"]!["initContainers"]!.AsArray().Single(c => (string?)c!["name"] == "istio-proxy")!;
        Assert.Equal("docker.io/istio/proxyv2:1.23.3", (string?)toProxy["image"]);
        var caAddr = web["changes"]!.AsArray().Single(c => (string?)c!["path"] == "spec.initContainers[istio-proxy].env[CA_ADDR].value")!;
        Assert.Equal("""{"path":"spec.initContainers[istio-proxy].env[CA_ADDR].value","change":"changed","from":"istiod-old.istio-system.svc:15012","to":"istiod-new.istio-system.svc:15012"}""",
            caAddr.ToJsonString());
    }

    [Fact]
    public async Task TheSameRevisionTwiceHasNoDifference()
    {
        var (config, file) = Inputs();
        var (exit, output, _) = await CliRunner.RunAsync("diff", "--from", "old", "--to", "old", "--config", config, "-f", file);
        Assert.Equal(0, exit);
        Assert.Contains("deployment.apps/web (namespace shop): old -> old\n  no difference\n", output);
    }

    [Fact]
    public async Task EachSideMayHaveItsOwnConfig()
    {
        var oldFile = _dir.Write("a/old.yaml", OldRevision);
        var newFile = _dir.Write("b/new.yaml", NewRevision);
        var file = _dir.Write("w.yaml", Workloads);
        var (exit, output, error) = await CliRunner.RunAsync("diff", "--from", "old", "--to", "new", "--from-config", oldFile, "--to-config", newFile, "-f", file);
        Assert.True(exit == 0, error);
        Assert.Contains("proxyv2:1.23.3", output);
    }

    [Fact]
    public async Task TheEngineIsCalledThroughTheSeamWithEachRevisionSource()
    {
        var (config, file) = Inputs();
        var engine = new RecordingEngine();
        var settings = new DiffSettings("old", "new", null, file, config, null, null, "istio-system", OutputFormat.Json, new KubeConnection(null, null));

        var exit = await DiffCommand.RunAsync(settings, new CommandIo(TextReader.Null, new StringWriter(), new StringWriter()), engine, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal([new DiffRevision("old", config), new DiffRevision("new", config), new DiffRevision("old", config), new DiffRevision("new", config)],
            engine.Sources);
        Assert.All(engine.Pods, p => Assert.Equal("Pod", (string?)p["kind"]));
    }

    [Theory]
    [InlineData(new[] { "diff", "--from", "a", "--to", "b" }, "error: give -n NAMESPACE (live workloads) or -f FILE")]
    [InlineData(new[] { "diff", "--from", "A!", "--to", "b", "-f", "x.yaml" }, "error: revision 'A!' must be a DNS label")]
    [InlineData(new[] { "diff", "--from", "a", "--to", "b", "-f", "/nonexistent/w.yaml" }, "error: /nonexistent/w.yaml: no such file")]
    [InlineData(new[] { "diff", "--from", "a", "--to", "b", "-f", "x.yaml", "--config", "/nonexistent/cfg" }, "error: revision config /nonexistent/cfg: no such file or directory")]
    [InlineData(new[] { "diff", "--to", "b", "-f", "x.yaml" }, "error: Option '--from' is required.")]
    public async Task BadInputIsExitTwo(string[] args, string expected)
    {
        var (exit, output, error) = await CliRunner.RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public async Task OnlineReadsLiveWorkloadsAndTheRevisionsConfigMaps()
    {
        await using var server = await CanaryCluster.StartAsync();
        ConfigMap(server, "injector-1-22", "1-22", "revision: 1-22\ntag: 1.22.0\n");
        ConfigMap(server, "injector-asm-1233-2", "asm-1233-2", "revision: asm-1233-2\ntag: 1.23.3\n");
        FakeRolloutController.AddDeployment(server, "shop", "cart", podRevision: "asm-1233-2");

        var (exit, output, error) = await CliRunner.RunAsync("diff", "-n", "shop", "--from", "1-22", "--to", "asm-1233-2", "--kubeconfig", server.KubeconfigPath);

        Assert.True(exit == 0, error);
        Assert.StartsWith("deployment.apps/cart (namespace shop): 1-22 -> asm-1233-2\n", output);
        Assert.Contains("  ~ spec.initContainers[istio-proxy].image: \"docker.io/istio/proxyv2:1.22.0\" -> \"docker.io/istio/proxyv2:1.23.3\"\n", output);
        Assert.DoesNotContain(server.RequestLines, r => !r.StartsWith("GET ", StringComparison.Ordinal));

        (exit, _, error) = await CliRunner.RunAsync("diff", "-n", "ghost", "--from", "1-22", "--to", "asm-1233-2", "--kubeconfig", server.KubeconfigPath);
        Assert.Equal(1, exit);
        Assert.Equal("error: namespace ghost not found\n", error);

        (exit, _, error) = await CliRunner.RunAsync("diff", "-n", "shop", "--from", "1-20", "--to", "asm-1233-2", "--kubeconfig", server.KubeconfigPath);
        Assert.Equal(1, exit);
        Assert.StartsWith("error: revision 1-20: no ConfigMap istio-system/injector-1-20 to read its config from; give --config", error);
    }

    private static void ConfigMap(FakeKubeApiServer server, string name, string revision, string text) => server.Add(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "istio-system" },
        ["data"] = new JsonObject { [revision + ".yaml"] = text },
    });

    private sealed class RecordingEngine : IInjectionEngine
    {
        public List<DiffRevision> Sources { get; } = [];
        public List<JsonObject> Pods { get; } = [];

        public InjectedPod Inject(JsonObject pod, DiffRevision revision)
        {
            Sources.Add(revision);
            Pods.Add(pod);
            return new InjectedPod(PodOutcome.Skipped, (JsonObject)pod.DeepClone(), "recorded");
        }
    }
}
