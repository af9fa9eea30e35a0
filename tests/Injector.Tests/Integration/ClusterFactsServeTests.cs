using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Install.Manifests;
using Injector.Istio.Install;
using Injector.Tests.Admission;
using Injector.Tests.Fakes;
using Injector.Tests.Kubernetes;
using Injector.Tests.Manifests;

namespace Injector.Tests.Integration;

/// <summary>
/// The real <c>injector serve</c> over TLS with the fake API server: native sidecars decided by the nodes' kubelets
/// when the revision's <c>ENABLE_NATIVE_SIDECARS</c> is auto (Istio's chart default, here through
/// <c>--from-cluster</c>), a node added later seen through the watch, the proxy's ids from an OpenShift namespace, each
/// with exactly the rights the manifest renders for it; and serving unharmed when the API server cannot be reached.
/// </summary>
public sealed class ClusterFactsServeTests
{
    private const string Revision = "asm-1233-2";
    private const string ConfigMaps = "/api/v1/namespaces/istio-system/configmaps/";

    [Fact]
    public async Task NativeSidecarsFollowTheNodesKubelets()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        var texts = InstallInputs.FromOperator([], ["revision=" + Revision]);
        api.Add(FromClusterTests.ConfigMap("istio-sidecar-injector-" + Revision, ("config", texts.ConfigYaml), ("values", texts.ValuesJson)));
        api.Add(FromClusterTests.ConfigMap("istio-" + Revision, ("mesh", texts.MeshYaml)));
        api.Add(ClusterFactsServiceTests.Node("node-new", "v1.33.1"));
        var access = RenderedAccess.For(new ManifestOptions(Revision) { FromCluster = true, Certificates = CertificateMode.CertManager });
        access.Enforce(api);
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = api.KubeconfigPath, ["POD_NAMESPACE"] = "istio-system" };
        await using var injector = await InjectorProcess.StartAsync(environment, "--from-cluster", "--revision", Revision);
        using var client = injector.CreateClient();

        // Every node runs 1.33: native sidecars.
        Assert.True(await IsNativeAsync(client, null));
        // A 1.32 node joins: the watch brings it, and pods no longer get native sidecars...
        api.Add(ClusterFactsServiceTests.Node("node-old", "v1.32.4"));
        await FromClusterTests.WaitForAsync(async () => !await IsNativeAsync(client, null));
        // ...except a pod already bound to a 1.33 node, which its own node decides.
        Assert.True(await IsNativeAsync(client, "node-new"));
        Assert.False(await IsNativeAsync(client, "node-old"));
        // The old node upgrades.
        api.Add(ClusterFactsServiceTests.Node("node-old", "v1.33.0"));
        await FromClusterTests.WaitForAsync(async () => await IsNativeAsync(client, null));

        Assert.Contains("Watching nodes on", injector.Output);
        Assert.Empty(access.Refusals);
        Assert.All(api.Requests, r => Assert.Equal("GET", r.Method));
        // The rights the manifest renders for --from-cluster (ConfigMaps, nodes list and watch), each used.
        access.AssertGrantsAreExactlyUsed(api);
    }

    [Fact]
    public async Task OpenShiftProxyIdsComeFromTheNamespace()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        api.Add(ClusterFactsServiceTests.Namespace("canary-test", "1000620000/10000"));
        var install = new ManifestOptions("default") { Sets = ["values.global.platform=openshift"], Certificates = CertificateMode.CertManager };
        var access = RenderedAccess.For(install);
        access.Enforce(api);
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = api.KubeconfigPath };
        await using var injector = await InjectorProcess.StartAsync(environment, "--set", "values.global.platform=openshift");
        using var client = injector.CreateClient();

        var proxy = Proxy(await InjectAsync(client, null));
        Assert.Equal(1000629999, (long)proxy["securityContext"]!["runAsUser"]!);
        Assert.Equal(1000629999, (long)proxy["securityContext"]!["runAsGroup"]!);
        Assert.DoesNotContain(api.RequestLines, l => l.Contains("/nodes", StringComparison.Ordinal));
        Assert.Empty(access.Refusals);
        access.AssertGrantsAreExactlyUsed(api);
    }

    [Fact]
    public async Task AnUnreachableApiServerLeavesServingAsWithout()
    {
        var api = await FakeKubeApiServer.StartAsync();
        var kubeconfig = Path.Combine(Path.GetTempPath(), "unreachable-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.Copy(api.KubeconfigPath, kubeconfig);
        await api.DisposeAsync();
        try
        {
            var environment = new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig };
            await using var injector = await InjectorProcess.StartAsync(environment, "--set", "values.pilot.env.ENABLE_NATIVE_SIDECARS=auto");
            using var client = injector.CreateClient();
            // Nodes not known: the offline default (native sidecars on), as without any API access.
            Assert.True(await IsNativeAsync(client, null));
            Assert.True(await IsNativeAsync(client, null));
            Assert.Contains("Cannot watch nodes on", injector.Output);
            Assert.False(injector.HasExited);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private static async Task<bool> IsNativeAsync(HttpClient client, string? nodeName)
    {
        var pod = await InjectAsync(client, nodeName);
        return pod["spec"]!["initContainers"] is JsonArray init && init.Any(c => (string?)c!["name"] == "istio-proxy");
    }

    private static async Task<JsonObject> InjectAsync(HttpClient client, string? nodeName)
    {
        var body = AdmissionTestData.Edited(review =>
        {
            if (nodeName is not null) review["request"]!["object"]!["spec"]!["nodeName"] = nodeName;
        });
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject?timeout=10s", body));
        Assert.Equal(HttpStatusCode.OK, status);
        return AdmissionResponseAssert.PatchApplies(review, JsonDocument.Parse(body).RootElement.GetProperty("request").GetProperty("object").Clone());
    }

    private static JsonNode Proxy(JsonObject pod) =>
        ((JsonArray?)pod["spec"]!["initContainers"] ?? []).Concat((JsonArray)pod["spec"]!["containers"]!).First(c => (string?)c!["name"] == "istio-proxy")!;
}
