using System.Text.Json.Nodes;
using Xunit;

namespace Injector.Tests.Rules;

/// <summary>
/// Ordering and the proxy's lifecycle in the stock template and reorderPod: template volumes come before the pod's
/// own (apimachinery's strategic merge puts the patch's list items first, then the items only the pod has), classic
/// istio-proxy is last in containers unless the app is held (then first), a classic proxy gets a lifecycle only when
/// held (postStart <c>pilot-agent wait</c>), and an injected pod is a fixed point of injection (stripPod removes what
/// the status annotation lists and the template renders the same again).
/// </summary>
public sealed class OrderAndLifecycleRuleTests
{
    private static readonly string[] TemplateVolumes =
        ["workload-socket", "credential-socket", "workload-certs", "istio-envoy", "istio-data", "istio-podinfo", "istio-token", "istiod-ca-cert"];

    [Theory]
    [InlineData("none")]
    [InlineData("values")]
    [InlineData("annotation")]
    public void ClassicProxyLifecycleAndOrder(string hold)
    {
        var table = hold == "values"
            ? RuleHarness.Load("values.pilot.env.ENABLE_NATIVE_SIDECARS=false", "values.global.proxy.holdApplicationUntilProxyStarts=true")
            : RuleHarness.Load("values.pilot.env.ENABLE_NATIVE_SIDECARS=false");
        var gen = new PodGenerator(hold.Length + 1550);
        for (var n = 0; n < 150; n++)
        {
            var pod = gen.Pod();
            if (hold == "annotation") PodGenerator.Annotations(pod)["proxy.istio.io/config"] = "holdApplicationUntilProxyStarts: true";
            var ownVolumes = RuleHarness.List(pod, "volumes").OfType<JsonObject>().Select(v => (string)v["name"]!).ToList();
            var injected = RuleHarness.Inject(table, pod);
            var context = injected.ToJsonString();

            var containers = RuleHarness.Names(injected, "containers").ToList();
            var proxy = RuleHarness.Container(injected, "containers", "istio-proxy")!;
            if (hold == "none")
            {
                Assert.True(containers[^1] == "istio-proxy", "proxy last: " + context);
                Assert.True(proxy["lifecycle"] is null, "no lifecycle without hold: " + proxy["lifecycle"]?.ToJsonString());
            }
            else
            {
                Assert.True(containers[0] == "istio-proxy", "proxy first when held: " + context);
                var command = proxy["lifecycle"]?["postStart"]?["exec"]?["command"]?.AsArray().Select(c => (string?)c).ToArray();
                Assert.True(command is not null && command.SequenceEqual(["pilot-agent", "wait"]), "postStart pilot-agent wait: " + proxy["lifecycle"]?.ToJsonString());
                Assert.Null(proxy["lifecycle"]!["preStop"]);
            }

            var volumes = RuleHarness.List(injected, "volumes").OfType<JsonObject>().Select(v => (string)v["name"]!).ToList();
            var firstOwn = ownVolumes.Count == 0 ? volumes.Count : volumes.IndexOf(ownVolumes[0]);
            var lastTemplate = volumes.FindLastIndex(v => TemplateVolumes.Contains(v));
            Assert.True(lastTemplate >= 0 && lastTemplate < firstOwn, "template volumes before the pod's own: " + string.Join(",", volumes));
            Assert.Equal(ownVolumes, volumes.Skip(firstOwn).ToList());
        }
    }

    [Theory]
    [InlineData("default")]
    [InlineData("classic")]
    [InlineData("cni")]
    public void ReinjectionChangesNothing(string settings)
    {
        var table = settings switch
        {
            "classic" => RuleHarness.Load("values.pilot.env.ENABLE_NATIVE_SIDECARS=false"),
            "cni" => RuleHarness.Load("components.cni.enabled=true"),
            _ => RuleHarness.Load(),
        };
        var gen = new PodGenerator(settings.Length + 1590);
        for (var n = 0; n < 150; n++)
        {
            var pod = gen.Pod();
            if (gen.Chance(0.3)) PodGenerator.Annotations(pod)["prometheus.io/port"] = "9" + gen.Random.Next(100, 999);
            if (gen.Chance(0.2)) pod["spec"]!["initContainers"] = new JsonArray(gen.Container("setup-" + gen.Name(1, 5)));
            RuleHarness.InjectStable(table, pod);
        }
    }
}
