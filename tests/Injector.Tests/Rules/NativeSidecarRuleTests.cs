using System.Text.Json.Nodes;
using Xunit;

namespace Injector.Tests.Rules;

/// <summary>
/// sidecar.istio.io/nativeSidecar: the stock template's <c>$nativeSidecar</c> is
/// <c>ne (annotation | default (printf "%t" .NativeSidecars)) "false"</c> — any value but "false" (an empty value
/// defers to the flag) makes istio-proxy an init container with restartPolicy Always; the flag is istiod's
/// ENABLE_NATIVE_SIDECARS. The pod's own native-sidecar init containers get their probes rewritten like app containers.
/// </summary>
public sealed class NativeSidecarRuleTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PerPodAnnotationOverridesTheRevisionFlag(bool flag)
    {
        var table = RuleHarness.Load("values.pilot.env.ENABLE_NATIVE_SIDECARS=" + (flag ? "true" : "false"));
        var gen = new PodGenerator(flag ? 1521 : 1522);
        for (var n = 0; n < 200; n++)
        {
            var pod = gen.Pod();
            string? value = gen.Chance(0.7) ? gen.Pick("true", "false", "", "True", "yes", "0") : null;
            if (value is not null) PodGenerator.Annotations(pod)["sidecar.istio.io/nativeSidecar"] = value;
            var injected = RuleHarness.Inject(table, pod);

            var native = string.IsNullOrEmpty(value) ? flag : value != "false";
            var inInit = RuleHarness.Container(injected, "initContainers", "istio-proxy");
            var inContainers = RuleHarness.Container(injected, "containers", "istio-proxy");
            var context = "flag " + flag + ", annotation '" + value + "': " + injected.ToJsonString();
            if (native)
            {
                Assert.True(inInit is not null && inContainers is null, "native expected: " + context);
                Assert.Equal("Always", (string?)inInit!["restartPolicy"]);
                Assert.Null(inInit["lifecycle"]?["postStart"]);
            }
            else
            {
                Assert.True(inContainers is not null && inInit is null, "classic expected: " + context);
                Assert.Equal("istio-proxy", RuleHarness.Names(injected, "containers").Last());
            }
        }
    }

    [Fact]
    public void ProbesOfThePodsOwnNativeSidecarsAreRewritten()
    {
        var table = RuleHarness.Load();
        var gen = new PodGenerator(1523);
        var rewritten = 0;
        for (var n = 0; n < 200; n++)
        {
            var pod = gen.Pod();
            var own = gen.Container("init-" + gen.Name(1, 8));
            own["restartPolicy"] = "Always";
            var port = gen.Random.Next(1024, 9000);
            own["readinessProbe"] = new JsonObject { ["httpGet"] = new JsonObject { ["path"] = "/ready", ["port"] = port } };
            var live = gen.Chance(0.5);
            own["livenessProbe"] = live ? new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = port } } : null;
            if (!live) own.Remove("livenessProbe");
            var name = (string)own["name"]!;
            pod["spec"]!["initContainers"] = new JsonArray(own);
            var injected = RuleHarness.Inject(table, pod);

            var after = RuleHarness.Container(injected, "initContainers", name)!;
            var ready = after["readinessProbe"]!["httpGet"]!;
            Assert.True((string?)ready["path"] == "/app-health/" + name + "/readyz" && (int)ready["port"]! == 15020,
                "readiness of native init container " + name + " not rewritten: " + after.ToJsonString());
            if (live)
            {
                var liveness = after["livenessProbe"]!["httpGet"];
                Assert.True(liveness is not null && (string?)liveness["path"] == "/app-health/" + name + "/livez", "liveness: " + after.ToJsonString());
            }
            var probers = RuleHarness.Env(RuleHarness.Proxy(injected), "ISTIO_KUBE_APP_PROBERS");
            Assert.True(probers is not null && JsonNode.Parse(probers)!["/app-health/" + name + "/readyz"] is not null, "ISTIO_KUBE_APP_PROBERS: " + probers);
            rewritten++;
        }
        Assert.Equal(200, rewritten);
    }
}
