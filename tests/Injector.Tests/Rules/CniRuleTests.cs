using Xunit;

namespace Injector.Tests.Rules;

/// <summary>
/// With CNI (<c>components.cni.enabled=true</c>) the stock template writes the traffic settings as pod annotations
/// (the CNI plugin reads them), replaces istio-init by istio-validation (<c>--run-validation --skip-rule-apply</c>,
/// no NET_ADMIN, runs as the proxy's uid), and reorderPod moves istio-validation first among init containers.
/// </summary>
public sealed class CniRuleTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TrafficAnnotationsAndValidationPlacement(bool native)
    {
        var table = RuleHarness.Load("components.cni.enabled=true", "values.pilot.env.ENABLE_NATIVE_SIDECARS=" + (native ? "true" : "false"));
        var gen = new PodGenerator(native ? 1531 : 1532);
        for (var n = 0; n < 150; n++)
        {
            var pod = gen.Pod();
            var annotations = PodGenerator.Annotations(pod);
            string? mode = gen.Chance(0.3) ? gen.Pick("REDIRECT", "TPROXY") : null;
            string? include = gen.Chance(0.3) ? gen.Pick("10.0.0.0/8", "*", "") : null;
            string? exclude = gen.Chance(0.3) ? gen.Pick("192.168.0.0/16", "") : null;
            string? inbound = gen.Chance(0.3) ? gen.Pick("8080", "*", "80,443") : null;
            string? excludeInbound = gen.Chance(0.3) ? gen.Pick("9000", "9000,15020", "") : null;
            if (mode is not null) annotations["sidecar.istio.io/interceptionMode"] = mode;
            if (include is not null) annotations["traffic.sidecar.istio.io/includeOutboundIPRanges"] = include;
            if (exclude is not null) annotations["traffic.sidecar.istio.io/excludeOutboundIPRanges"] = exclude;
            if (inbound is not null) annotations["traffic.sidecar.istio.io/includeInboundPorts"] = inbound;
            if (excludeInbound is not null) annotations["traffic.sidecar.istio.io/excludeInboundPorts"] = excludeInbound;
            var userInit = gen.Chance(0.5) ? "setup-" + gen.Name(1, 6) : null;
            if (userInit is not null) pod["spec"]!["initContainers"] = new System.Text.Json.Nodes.JsonArray(gen.Container(userInit));

            var injected = RuleHarness.Inject(table, pod);
            var after = RuleHarness.Map(injected, "annotations");
            var context = injected.ToJsonString();

            Assert.Equal(mode ?? "REDIRECT", after["sidecar.istio.io/interceptionMode"]);
            // `annotation` falls back to the value only when the annotation is absent; `with` drops an empty result.
            var expectedInclude = include ?? "*";
            Assert.True(expectedInclude.Length == 0 ? !after.ContainsKey("traffic.sidecar.istio.io/includeOutboundIPRanges") || after["traffic.sidecar.istio.io/includeOutboundIPRanges"] == ""
                : after.GetValueOrDefault("traffic.sidecar.istio.io/includeOutboundIPRanges") == expectedInclude, "includeOutboundIPRanges: " + context);
            if (string.IsNullOrEmpty(exclude)) Assert.True(!after.ContainsKey("traffic.sidecar.istio.io/excludeOutboundIPRanges") || after["traffic.sidecar.istio.io/excludeOutboundIPRanges"] == exclude, context);
            else Assert.Equal(exclude, after["traffic.sidecar.istio.io/excludeOutboundIPRanges"]);
            Assert.Equal(inbound ?? "*", after["traffic.sidecar.istio.io/includeInboundPorts"]);
            var excluded = after["traffic.sidecar.istio.io/excludeInboundPorts"].Split(',', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("15020", excluded);
            foreach (var p in (excludeInbound ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)) Assert.Contains(p, excluded);

            var inits = RuleHarness.Names(injected, "initContainers").ToList();
            Assert.DoesNotContain("istio-init", inits);
            Assert.True(inits.Count > 0 && inits[0] == "istio-validation", "istio-validation first: " + string.Join(",", inits));
            if (native) Assert.Equal("istio-proxy", inits[1]);
            var validation = RuleHarness.Container(injected, "initContainers", "istio-validation")!;
            var args = validation["args"]!.AsArray().Select(a => (string?)a).ToList();
            Assert.Contains("--run-validation", args);
            Assert.Contains("--skip-rule-apply", args);
            Assert.Equal(1337, (long)validation["securityContext"]!["runAsUser"]!);
        }
    }
}
