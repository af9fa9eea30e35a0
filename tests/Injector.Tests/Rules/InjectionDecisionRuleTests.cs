using System.Text.Json.Nodes;
using Injector.Admission;
using Xunit;

namespace Injector.Tests.Rules;

/// <summary>
/// inject.go injectRequired: hostNetwork, then the ignored namespaces (kube-system, kube-public, kube-node-lease,
/// local-path-storage; the pod's metadata.namespace, which the webhook fills from the request when empty), then the
/// label sidecar.istio.io/inject (else the annotation) compared exactly with "true"/"false" (anything else defers),
/// then neverInjectSelector, alwaysInjectSelector (an empty selector matches nothing), then the policy.
/// </summary>
public sealed class InjectionDecisionRuleTests
{
    private static readonly string[] Ignored = ["kube-system", "kube-public", "kube-node-lease", "local-path-storage"];

    private static string Operator(string policy) => $$"""
        apiVersion: install.istio.io/v1alpha1
        kind: IstioOperator
        spec:
          values:
            global:
              proxy:
                autoInject: {{policy}}
            sidecarInjectorWebhook:
              neverInjectSelector:
              - {}
              - matchLabels: null
              - matchLabels:
                  team: never
              alwaysInjectSelector:
              - matchLabels: null
              - {}
              - matchExpressions:
                - key: team
                  operator: In
                  values: [always]
        """;

    [Theory]
    [InlineData("enabled")]
    [InlineData("disabled")]
    public void DecisionOrderOverGeneratedPods(string policy)
    {
        var table = RuleHarness.LoadOperatorFile(Operator(policy));
        var gen = new PodGenerator(policy.Length + 1560);
        var counts = new int[2];
        for (var n = 0; n < 300; n++)
        {
            var pod = gen.Pod();
            var labels = PodGenerator.Labels(pod);
            var annotations = PodGenerator.Annotations(pod);
            string? label = gen.Chance(0.3) ? gen.Pick("true", "false", "True", "FALSE", "", "yes") : null;
            string? annotation = gen.Chance(0.3) ? gen.Pick("true", "false", "True", "", "no") : null;
            string? team = gen.Chance(0.5) ? gen.Pick("never", "always", "other") : null;
            var hostNetwork = gen.Chance(0.05);
            var ns = gen.Chance(0.15) ? gen.Pick(Ignored) : gen.Pick("default", "app-" + gen.Name(1, 5), "kube-systems");
            var metadataNs = gen.Chance(0.2) ? gen.Pick([.. Ignored, "default"]) : null;
            if (label is not null) labels["sidecar.istio.io/inject"] = label;
            if (annotation is not null) annotations["sidecar.istio.io/inject"] = annotation;
            if (team is not null) labels["team"] = team;
            if (hostNetwork) pod["spec"]!["hostNetwork"] = true;
            if (metadataNs is not null) pod["metadata"]!["namespace"] = metadataNs;

            bool expected;
            var effectiveNs = metadataNs ?? ns;
            var selectorValue = label ?? annotation ?? "";
            if (hostNetwork || Ignored.Contains(effectiveNs)) expected = false;
            else if (selectorValue == "true") expected = true;
            else if (selectorValue == "false") expected = false;
            else if (team == "never") expected = false;
            else if (team == "always") expected = true;
            else expected = policy == "enabled";

            var answer = RuleHarness.Send(table, pod, ns);
            var actual = answer.Outcome == AdmissionOutcome.Injected;
            Assert.True(answer.Outcome != AdmissionOutcome.Denied, answer.Message);
            Assert.True(expected == actual, "expected inject=" + expected + " (ns " + ns + ", metadata.namespace " + metadataNs + ", label '" + label
                + "', annotation '" + annotation + "', team " + team + ", hostNetwork " + hostNetwork + ") via " + answer.Path);
            counts[actual ? 1 : 0]++;
        }
        Assert.True(counts[0] > 30 && counts[1] > 30, "both outcomes: " + counts[0] + "/" + counts[1]);
    }

    [Fact]
    public void EmptySelectorsFromSetMatchNothing()
    {
        var table = RuleHarness.Load(
            "values.sidecarInjectorWebhook.neverInjectSelector[0].matchLabels=null",
            "values.sidecarInjectorWebhook.alwaysInjectSelector[0].matchLabels=null",
            "values.global.proxy.autoInject=disabled");
        var gen = new PodGenerator(1563);
        for (var n = 0; n < 100; n++)
        {
            var pod = gen.Pod();
            string? inject = gen.Chance(0.5) ? gen.Pick("true", "false") : null;
            if (inject is not null) PodGenerator.Labels(pod)["sidecar.istio.io/inject"] = inject;
            var answer = RuleHarness.Send(table, pod);
            // Neither empty selector matches: only the label decides; policy disabled skips the rest.
            Assert.Equal(inject == "true" ? AdmissionOutcome.Injected : AdmissionOutcome.Skipped, answer.Outcome);
        }
    }
}
