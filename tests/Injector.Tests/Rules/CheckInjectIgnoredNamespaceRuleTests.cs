using Injector.Operations.CheckInject;
using Injector.Tests.Operations;
using Xunit;

namespace Injector.Tests.Rules;

/// <summary>check-inject answers what the webhook does: the four ignored namespaces are never injected, whatever selects them.</summary>
public sealed class CheckInjectIgnoredNamespaceRuleTests
{
    [Theory]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    [InlineData("kube-node-lease")]
    [InlineData("local-path-storage")]
    public void IgnoredNamespacesAreNeverInjected(string ns)
    {
        var webhooks = OperationsTestData.Webhooks("webhooks-canary.yaml");
        foreach (var labels in new[] { "istio-injection=enabled", "istio.io/rev=canary", "" })
        {
            var check = WebhookEvaluator.Evaluate(webhooks, ns, OperationsTestData.Labels(labels), OperationsTestData.Labels("sidecar.istio.io/inject=true"));
            Assert.Empty(check.Injecting);
        }
        var answer = RuleHarness.Send(RuleHarness.Load(), new PodGenerator(1).Pod(), ns);
        Assert.Equal(Injector.Admission.AdmissionOutcome.Skipped, answer.Outcome);
    }
}
