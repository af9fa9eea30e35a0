using System.Text.Json.Nodes;
using Injector.Operations.Census;
using Injector.Tests.Fakes;

namespace Injector.Tests.Operations;

/// <summary>Which istiod each running proxy is attached to, as pilot-agent decides it, and the census grouping by it.</summary>
public sealed class ControlPlaneCensusTests
{
    private static JsonObject Pod(string? proxyConfigEnv, string? annotation = null, string list = "initContainers", string container = "istio-proxy")
    {
        var env = new JsonArray();
        if (proxyConfigEnv is not null) env.Add(new JsonObject { ["name"] = "PROXY_CONFIG", ["value"] = proxyConfigEnv });
        var annotations = new JsonObject();
        if (annotation is not null) annotations["proxy.istio.io/config"] = annotation;
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "p", ["annotations"] = annotations },
            ["spec"] = new JsonObject { [list] = new JsonArray(new JsonObject { ["name"] = container, ["env"] = env }) },
        };
    }

    [Theory]
    [InlineData(null, null, "istiod.istio-system.svc:15012")] // the mesh default
    [InlineData("""{"discoveryAddress":"istiod-1-22.istio-system.svc:15012"}""", null, "istiod-1-22.istio-system.svc:15012")]
    [InlineData("""{"holdApplicationUntilProxyStarts":true}""", null, "istiod.istio-system.svc:15012")]
    [InlineData("""{"discoveryAddress":"istiod-1-22.istio-system.svc:15012"}""", "discoveryAddress: istiod-canary.istio-system.svc:15012\n", "istiod-canary.istio-system.svc:15012")] // the annotation wins
    [InlineData("not json {", "also: [not", "istiod.istio-system.svc:15012")] // unreadable configs are ignored, as fields
    public void AddressFollowsPilotAgentsPrecedence(string? env, string? annotation, string expected)
    {
        Assert.Equal(expected, ProxyControlPlane.Address(Pod(env, annotation)));
        Assert.Equal(expected, ProxyControlPlane.Address(Pod(env, annotation, list: "containers")));
    }

    [Fact]
    public void APodWithoutAProxyIsNotAttached()
    {
        Assert.Null(ProxyControlPlane.Address(Pod(null, container: "app")));
        Assert.Null(ProxyControlPlane.Address(new JsonObject()));
    }

    [Fact]
    public async Task RevisionListGroupsRunningPodsByTheirControlPlane()
    {
        await using var server = await CanaryCluster.StartAsync();
        AddProxyPod(server, "app", "web-3", "1-22", "istiod-1-22.istio-system.svc:15012");
        AddProxyPod(server, "shop", "cart-2", "asm-1233-2", "istiod-asm-1233-2.istio-system.svc:15012");
        AddProxyPod(server, "shop", "cart-3", "1-22", "istiod-1-22.istio-system.svc:15012"); // not restarted since the move

        var (exit, output, error) = await CliRunner.RunAsync("revision", "list", "-o", "json", "--kubeconfig", server.KubeconfigPath);

        Assert.True(exit == 0, error);
        Assert.Equal(
            """[{"address":"istiod-1-22.istio-system.svc:15012","pods":2,"revisions":["1-22"],"namespaces":["app","shop"]},"""
            + """{"address":"istiod-asm-1233-2.istio-system.svc:15012","pods":1,"revisions":["asm-1233-2"],"namespaces":["shop"]}]""",
            JsonNode.Parse(output)!["controlPlanes"]!.ToJsonString());

        (exit, output, _) = await CliRunner.RunAsync("revision", "list", "--kubeconfig", server.KubeconfigPath);
        Assert.Equal(0, exit);
        var planes = output[(output.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
        Assert.Equal(
            ["CONTROL PLANE                              PODS   REVISIONS    NAMESPACES",
             "istiod-1-22.istio-system.svc:15012         2      1-22         app,shop",
             "istiod-asm-1233-2.istio-system.svc:15012   1      asm-1233-2   shop"],
            planes.TrimEnd('\n').Split('\n'));
    }

    private static void AddProxyPod(FakeKubeApiServer server, string ns, string name, string revision, string discoveryAddress) => server.Add(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["annotations"] = new JsonObject { ["sidecar.istio.io/status"] = "{\"revision\":\"" + revision + "\"}" },
        },
        ["spec"] = new JsonObject
        {
            ["initContainers"] = new JsonArray(new JsonObject
            {
                ["name"] = "istio-proxy",
                ["env"] = new JsonArray(new JsonObject { ["name"] = "PROXY_CONFIG", ["value"] = "{\"discoveryAddress\":\"" + discoveryAddress + "\"}" }),
            }),
        },
    });
}
