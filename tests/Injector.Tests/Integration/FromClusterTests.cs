using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Install.Manifests;
using Injector.Istio.Install;
using Injector.Tests.Admission;
using Injector.Tests.Fakes;
using Injector.Tests.Manifests;
using Injector.Tests.Operations;

namespace Injector.Tests.Integration;

/// <summary>
/// <c>injector serve --from-cluster</c>, the real binary against the fake API server holding a revision's Istio
/// ConfigMaps (rendered from install inputs as Istio's chart renders them): it injects from them, follows a change,
/// keeps the last good revision when a change is bad (and counts it), and needs no more than the rights the manifest
/// renders for it (get on the two ConfigMaps).
/// </summary>
public sealed class FromClusterTests
{
    private const string Revision = "asm-1233-2";
    private const string ConfigMaps = "/api/v1/namespaces/istio-system/configmaps/";

    [Fact]
    public async Task InjectsFromTheRevisionsConfigMapsAndFollowsThem()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        Publish(api, "registry.example.com/istio/proxyv2:1.29.0");
        var access = RenderedAccess.For(new ManifestOptions(Revision) { FromCluster = true, Certificates = CertificateMode.CertManager });
        access.Enforce(api);
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = api.KubeconfigPath, ["POD_NAMESPACE"] = "istio-system" };
        await using var injector = await InjectorProcess.StartAsync(environment, "--from-cluster", "--revision", Revision);
        using var client = injector.CreateClient();
        using var monitoring = injector.CreateMonitoringClient();

        var proxy = await InjectAsync(client);
        Assert.Equal("registry.example.com/istio/proxyv2:1.29.0", (string?)proxy["image"]);
        Assert.Contains("istiod-" + Revision + ".istio-system.svc:15012", Env(proxy, "PROXY_CONFIG"));

        // A change of the ConfigMaps is served within the poll interval (5 s).
        Publish(api, "registry.example.com/istio/proxyv2:1.29.1");
        await WaitForAsync(async () => (string?)(await InjectAsync(client))["image"] == "registry.example.com/istio/proxyv2:1.29.1");

        // A bad change (a template that does not parse) keeps the last good revision, logged and counted.
        var injectorMap = api.Get(ConfigMaps + "istio-sidecar-injector-" + Revision)!;
        injectorMap["data"]!["config"] = "templates:\n  sidecar: '{{ if }}'\n";
        api.Add(injectorMap);
        await WaitForAsync(async () => NetworkProbe.CounterSum(await monitoring.GetStringAsync("/metrics"), "injector_config_reload_failures_total") >= 1);
        Assert.Equal("registry.example.com/istio/proxyv2:1.29.1", (string?)(await InjectAsync(client))["image"]);
        Assert.Contains("were not loaded; the previous revision stays in force", injector.Output);

        Assert.Empty(access.Refusals);
        Assert.All(api.Requests, r => Assert.Equal("GET", r.Method));
        // Exactly the rights the manifest renders for --from-cluster (with cert-manager: no CA rights), each used.
        access.AssertGrantsAreExactlyUsed(api);
    }

    [Fact]
    public async Task AMissingConfigMapFailsTheStart()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = api.KubeconfigPath, ["POD_NAMESPACE"] = "istio-system" };
        var (code, output) = await InjectorProcess.RunUntilExitAsync(environment, TimeSpan.FromSeconds(60), "--from-cluster", "--revision", Revision);
        Assert.Equal(1, code);
        Assert.Contains("ConfigMap istio-system/istio-sidecar-injector-" + Revision + " does not exist", output);
        Assert.Contains("error: ConfigMap istio-system/istio-sidecar-injector-" + Revision + " does not exist", output);
    }

    /// <summary>The revision's two ConfigMaps as Istio's chart renders them for these install inputs.</summary>
    private static void Publish(FakeKubeApiServer api, string image)
    {
        var texts = InstallInputs.FromOperator([], ["revision=" + Revision, "values.global.proxy.image=" + image]);
        api.Add(ConfigMap("istio-sidecar-injector-" + Revision, ("config", texts.ConfigYaml), ("values", texts.ValuesJson)));
        api.Add(ConfigMap("istio-" + Revision, ("mesh", texts.MeshYaml)));
    }

    /// <summary>A ConfigMap in istio-system (shared with ClusterFactsServeTests).</summary>
    internal static JsonObject ConfigMap(string name, params (string Key, string Value)[] data)
    {
        var map = new JsonObject();
        foreach (var (key, value) in data) map[key] = value;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "istio-system" },
            ["data"] = map,
        };
    }

    private static async Task<JsonNode> InjectAsync(HttpClient client)
    {
        var body = AdmissionTestData.PodCreate();
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject?timeout=10s", body));
        Assert.Equal(HttpStatusCode.OK, status);
        var pod = AdmissionResponseAssert.PatchApplies(review, JsonDocument.Parse(body).RootElement.GetProperty("request").GetProperty("object").Clone());
        foreach (var list in (string[])["initContainers", "containers"])
        {
            if (pod["spec"]![list] is JsonArray containers && containers.FirstOrDefault(c => (string?)c!["name"] == "istio-proxy") is { } proxy) return proxy;
        }
        throw new Xunit.Sdk.XunitException("no istio-proxy in " + pod.ToJsonString());
    }

    private static string Env(JsonNode container, string name) =>
        (string?)((JsonArray)container["env"]!).First(e => (string?)e!["name"] == name)!["value"] ?? "";

    /// <summary>Polls every 250 ms for up to 20 s (shared with ClusterFactsServeTests).</summary>
    internal static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException("condition not met within 20 s");
            await Task.Delay(250);
        }
    }
}
