using System.Text.Json.Nodes;
using Injector.Admission;
using Xunit;

namespace Injector.Tests.Rules;

/// <summary>
/// validate.go AnnotationValidation: the annotations Istio validates and the values it accepts, each case taken from
/// the validator's definition (parsePort = TrimSpace + ParseUint(16); validateUInt32 = ParseUint(32); CIDR lists via
/// netip.ParsePrefix, "*" only for include; ParseBool; resource.ParseQuantity; ProxyConfig YAML). Annotations Istio
/// does not validate (readiness applicationPorts, includeOutboundPorts, rewriteAppHTTPProbers) are accepted whatever
/// their value; a non-boolean rewriteAppHTTPProbers falls back to the revision's setting (rewrite on).
/// </summary>
public sealed class AnnotationValidationRuleTests
{
    private static readonly (string Key, string Value, bool Accepted)[] Cases =
    [
        ("sidecar.istio.io/interceptionMode", "REDIRECT", true),
        ("sidecar.istio.io/interceptionMode", "TPROXY", true),
        ("sidecar.istio.io/interceptionMode", "NONE", true),
        ("sidecar.istio.io/interceptionMode", "redirect", false),
        ("status.sidecar.istio.io/port", "15021", true),
        ("status.sidecar.istio.io/port", "65536", false),
        ("status.sidecar.istio.io/port", "-1", false),
        ("readiness.status.sidecar.istio.io/initialDelaySeconds", "30", true),
        ("readiness.status.sidecar.istio.io/periodSeconds", "4294967296", false),
        ("readiness.status.sidecar.istio.io/failureThreshold", "+3", false),
        ("readiness.status.sidecar.istio.io/applicationPorts", "not,ports", true),
        ("readiness.status.sidecar.istio.io/applicationPorts", "8080, 9090", true),
        ("traffic.sidecar.istio.io/includeOutboundIPRanges", "*", true),
        ("traffic.sidecar.istio.io/includeOutboundIPRanges", "10.0.0.1/8,::1/128", true),
        ("traffic.sidecar.istio.io/includeOutboundIPRanges", "", true),
        ("traffic.sidecar.istio.io/includeOutboundIPRanges", "10.0.0.0", false),
        ("traffic.sidecar.istio.io/excludeOutboundIPRanges", "*", false),
        ("traffic.sidecar.istio.io/excludeOutboundIPRanges", "192.168.0.0/16", true),
        ("traffic.sidecar.istio.io/includeInboundPorts", "*", true),
        ("traffic.sidecar.istio.io/includeInboundPorts", " 80 , 443 ", true),
        ("traffic.sidecar.istio.io/includeInboundPorts", "80,", false),
        ("traffic.sidecar.istio.io/excludeInboundPorts", "*", false),
        ("traffic.sidecar.istio.io/excludeInboundPorts", "9000", true),
        ("traffic.sidecar.istio.io/excludeOutboundPorts", "70000", false),
        ("traffic.sidecar.istio.io/excludeOutboundPorts", "", true),
        ("traffic.sidecar.istio.io/includeOutboundPorts", "any,thing", true),
        ("traffic.sidecar.istio.io/excludeInterfaces", "eth0,net1", true),
        ("prometheus.istio.io/merge-metrics", "T", true),
        ("prometheus.istio.io/merge-metrics", "yes", false),
        ("sidecar.istio.io/proxyCPU", "100m", true),
        ("sidecar.istio.io/proxyMemory", "1Gi", true),
        ("sidecar.istio.io/proxyCPULimit", "lots", false),
        ("sidecar.istio.io/rewriteAppHTTPProbers", "maybe", true),
        ("proxy.istio.io/config", "concurrency: 2", true),
        ("proxy.istio.io/config", "concurrency: two", false),
    ];

    [Fact]
    public void AcceptedAndDeniedAsIstio()
    {
        var table = RuleHarness.Load();
        var gen = new PodGenerator(1570);
        var seen = new HashSet<int>();
        for (var n = 0; n < 300; n++)
        {
            var pod = gen.Pod();
            var annotations = PodGenerator.Annotations(pod);
            var chosen = new Dictionary<string, (string Value, bool Accepted)>();
            for (var k = gen.Random.Next(1, 3); k > 0; k--)
            {
                var i = gen.Random.Next(Cases.Length);
                seen.Add(i);
                chosen[Cases[i].Key] = (Cases[i].Value, Cases[i].Accepted);
            }
            foreach (var (key, (value, _)) in chosen) annotations[key] = value;
            var answer = RuleHarness.Send(table, pod);
            var bad = chosen.Where(c => !c.Value.Accepted).ToList();
            var context = string.Join("; ", chosen.Select(c => c.Key + "=" + c.Value.Value));
            if (bad.Count == 0)
            {
                Assert.True(answer.Outcome == AdmissionOutcome.Injected, "accepted by Istio, got " + answer.Outcome + " '" + answer.Message + "': " + context);
                if (chosen.TryGetValue("sidecar.istio.io/rewriteAppHTTPProbers", out var rewrite) && rewrite.Value == "maybe")
                {
                    AssertProbesRewritten(pod, answer.Injected);
                }
            }
            else
            {
                Assert.True(answer.Outcome == AdmissionOutcome.Denied, "denied by Istio, got " + answer.Outcome + ": " + context);
                foreach (var (key, _) in bad)
                {
                    Assert.True(answer.Message.Contains("for annotation", StringComparison.Ordinal) && answer.Message.Contains(key, StringComparison.Ordinal),
                        "message names " + key + ": " + answer.Message);
                }
            }
        }
        Assert.Equal(Cases.Length, seen.Count);
    }

    private static void AssertProbesRewritten(JsonObject before, JsonObject after)
    {
        foreach (var container in RuleHarness.List(before, "containers").OfType<JsonObject>())
        {
            var name = (string)container["name"]!;
            if (container["readinessProbe"] is JsonObject probe && (probe["httpGet"] ?? probe["tcpSocket"] ?? probe["grpc"]) is not null)
            {
                var rewritten = RuleHarness.Container(after, "containers", name)!["readinessProbe"]!["httpGet"]?["path"];
                Assert.True((string?)rewritten == "/app-health/" + name + "/readyz", "non-boolean rewriteAppHTTPProbers falls back to rewriting: " + after.ToJsonString());
            }
        }
    }
}
