using System.Text.Json.Nodes;
using Injector.Tests.Parity;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

/// <summary>A user-supplied <c>istio-proxy</c> container is merged over the injected one (Istio's override).</summary>
public sealed class ProxyOverrideTests
{
    private const string UserProxy = "{\"name\":\"istio-proxy\",\"image\":\"custom/proxy:1\","
        + "\"env\":[{\"name\":\"EXTRA\",\"value\":\"1\"},{\"name\":\"PILOT_CERT_PROVIDER\",\"value\":\"custom\"}],"
        + "\"volumeMounts\":[{\"name\":\"cfg\",\"mountPath\":\"/etc/cfg\"}],"
        + "\"ports\":[{\"containerPort\":15090,\"name\":\"renamed\",\"protocol\":\"TCP\"}],"
        + "\"resources\":{},\"workingDir\":\"/w\"}";

    [Fact]
    public void KeyedListsMergeAndScalarsReplace()
    {
        var pod = Inject(Pod(containers: "[{\"name\":\"app\",\"image\":\"a\"}," + UserProxy + "]"));
        var proxy = Container(pod, "istio-proxy")!;
        Assert.Single(pod["spec"]!["containers"]!.AsArray()); // moved into initContainers (native sidecar)
        Assert.Equal("custom/proxy:1", (string?)proxy["image"]);
        Assert.Equal("/w", (string?)proxy["workingDir"]);
        Assert.Equal("custom", (string?)Env(pod, "PILOT_CERT_PROVIDER")!["value"]);
        Assert.Equal("1", (string?)Env(pod, "EXTRA")!["value"]);
        Assert.NotNull(Env(pod, "ISTIO_META_WORKLOAD_NAME")); // ours are kept
        Assert.Equal("PILOT_CERT_PROVIDER", (string?)proxy["env"]![0]!["name"]); // replaced in place, not moved
        var mounts = proxy["volumeMounts"]!.AsArray().Select(m => (string)m!["name"]!).ToList();
        Assert.Contains("istio-envoy", mounts);
        Assert.Equal("cfg", mounts[^1]);
        Assert.Equal("renamed", (string?)proxy["ports"]![0]!["name"]);
        Assert.Single(proxy["ports"]!.AsArray());
        Assert.Equal("128Mi", (string?)proxy["resources"]!["requests"]!["memory"]); // empty resources set nothing
        Assert.Equal("app", (string?)Env(pod, "ISTIO_META_APP_CONTAINERS")!["value"]);
    }

    [Fact]
    public void OverrideIsRecordedAndSurvivesReinjection()
    {
        var once = Inject(Pod(containers: "[{\"name\":\"app\",\"image\":\"a\"}," + UserProxy + "]"));
        var recorded = JsonNode.Parse((string)once["metadata"]!["annotations"]!["proxy.istio.io/overrides"]!)!;
        Assert.Equal("custom/proxy:1", (string?)recorded["initContainers"]![0]!["image"]);
        var twice = Inject(once.ToJsonString());
        Assert.Null(JsonComparison.FirstDifference(once, twice));
    }
}
