using System.Text.Json.Nodes;
using Xunit;

namespace Injector.Tests.Rules;

/// <summary>
/// webhook.go adjustInitContainerUser, for a user-supplied istio-proxy with securityContext.runAsUser/runAsGroup:
/// istio-init's <c>-u</c> becomes the user's runAsUser when it is set and not 0; istio-validation (CNI) takes the
/// user's runAsUser/runAsGroup unless TPROXY; under TPROXY (mesh or annotation) a set runAsUser on istio-proxy is
/// forced to 0. Istio writes no <c>-g</c> argument.
/// </summary>
public sealed class ProxyUserRuleTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UserProxyIdsReachTheInitContainer(bool cni)
    {
        var table = cni ? RuleHarness.Load("components.cni.enabled=true", "values.pilot.env.ENABLE_NATIVE_SIDECARS=false")
            : RuleHarness.Load("values.pilot.env.ENABLE_NATIVE_SIDECARS=false");
        var gen = new PodGenerator(cni ? 1541 : 1542);
        for (var n = 0; n < 150; n++)
        {
            var pod = gen.Pod();
            long? user = gen.Chance(0.7) ? gen.Pick(0L, 1000L, 1337L, gen.Random.Next(1, 70000)) : null;
            long? group = gen.Chance(0.6) ? gen.Pick(0L, 2000L, gen.Random.Next(1, 70000)) : null;
            var tproxy = gen.Chance(0.3);
            if (tproxy) PodGenerator.Annotations(pod)["sidecar.istio.io/interceptionMode"] = "TPROXY";
            var securityContext = new JsonObject();
            if (user is not null) securityContext["runAsUser"] = user;
            if (group is not null) securityContext["runAsGroup"] = group;
            pod["spec"]!["containers"]!.AsArray().Add(new JsonObject { ["name"] = "istio-proxy", ["image"] = "auto", ["securityContext"] = securityContext });

            var injected = RuleHarness.Inject(table, pod);
            var context = "user " + user + " group " + group + " tproxy " + tproxy + ": " + injected.ToJsonString();
            var init = RuleHarness.Container(injected, "initContainers", cni ? "istio-validation" : "istio-init")!;
            var expectedU = user is > 0 ? user.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "1337";
            Assert.True(RuleHarness.Arg(init, "-u") == expectedU, "-u expected " + expectedU + " got " + RuleHarness.Arg(init, "-u") + ": " + context);
            Assert.Null(RuleHarness.Arg(init, "-g"));
            var initContext = init["securityContext"]!;
            if (cni)
            {
                var expectUser = !tproxy && user is not null ? user.Value : 1337;
                var expectGroup = !tproxy && group is not null ? group.Value : 1337;
                Assert.True((long)initContext["runAsUser"]! == expectUser, "validation runAsUser: " + context);
                Assert.True((long)initContext["runAsGroup"]! == expectGroup, "validation runAsGroup: " + context);
            }
            else
            {
                Assert.True((long)initContext["runAsUser"]! == 0 && (long)initContext["runAsGroup"]! == 0, "istio-init runs as root: " + context);
            }
            var proxy = RuleHarness.Proxy(injected);
            if (user is not null)
            {
                Assert.True((long)proxy["securityContext"]!["runAsUser"]! == (tproxy ? 0 : user.Value), "proxy runAsUser: " + context);
            }
        }
    }
}
