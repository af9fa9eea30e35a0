using Injector.Operations.CheckInject;
using Injector.Webhooks;
using Injector.Selectors;

namespace Injector.Tests.Operations;

public sealed class WebhookEvaluatorReasonTests
{
    private static WebhookDecision Decision(string ns, string pod, string configuration, string webhook)
    {
        var check = WebhookEvaluator.Evaluate(OperationsTestData.Webhooks("webhooks-canary.yaml"), "app",
            OperationsTestData.Labels(ns), OperationsTestData.Labels(pod));
        return Assert.Single(check.Decisions, d => d.Configuration == configuration && d.Webhook == webhook);
    }

    [Theory]
    [InlineData("istio.io/rev=asm-1233-2", "", "injector-asm-1233-2", "rev.namespace.sidecar-injector.istio.io", true, "namespace label istio.io/rev=asm-1233-2")]
    [InlineData("istio-injection=enabled", "", "injector-revision-tag-default", "namespace.sidecar-injector.istio.io", true, "namespace has istio-injection=enabled")]
    [InlineData("", "istio.io/rev=asm-1233-2", "injector-asm-1233-2", "rev.object.sidecar-injector.istio.io", true, "pod label istio.io/rev=asm-1233-2")]
    [InlineData("", "sidecar.istio.io/inject=true", "injector-revision-tag-default", "object.sidecar-injector.istio.io", true, "pod label sidecar.istio.io/inject=true")]
    [InlineData("istio.io/rev=asm-1233-2", "sidecar.istio.io/inject=false", "injector-asm-1233-2", "rev.namespace.sidecar-injector.istio.io", false, "pod label sidecar.istio.io/inject=false")]
    [InlineData("istio-injection=enabled", "istio.io/rev=asm-1233-2", "injector-asm-1233-2", "rev.object.sidecar-injector.istio.io", false, "namespace has istio-injection=enabled")]
    [InlineData("istio.io/rev=1-22", "", "injector-asm-1233-2", "rev.namespace.sidecar-injector.istio.io", false, "namespace label istio.io/rev=1-22 (selector wants istio.io/rev in [asm-1233-2])")]
    [InlineData("", "", "injector-asm-1233-2", "rev.namespace.sidecar-injector.istio.io", false, "namespace has no istio.io/rev label")]
    [InlineData("istio-injection=disabled", "", "injector-revision-tag-default", "namespace.sidecar-injector.istio.io", false, "namespace label istio-injection=disabled (selector wants istio-injection in [enabled])")]
    public void ReasonNamesTheDecidingLabel(string ns, string pod, string configuration, string webhook, bool injected, string reason)
    {
        var decision = Decision(ns, pod, configuration, webhook);
        Assert.Equal(injected, decision.Injected);
        Assert.Equal(reason, decision.Reason);
    }

    [Fact]
    public void NamespaceNameLabelIsAlwaysPresent()
    {
        var selector = new LabelSelector
        {
            MatchExpressions = [new LabelSelectorRequirement { Key = "kubernetes.io/metadata.name", Operator = "NotIn", Values = ["excluded"] }],
        };
        var config = new WebhookConfiguration("c", new Dictionary<string, string> { ["istio.io/rev"] = "r" },
            [new MutatingWebhook("w", new WebhookClientConfig(null, null, null), [new WebhookRule(["CREATE"], [""], ["v1"], ["pods"])], selector, null)]);

        Assert.False(WebhookEvaluator.Evaluate([config], "excluded", new Dictionary<string, string>(), new Dictionary<string, string>()).Decisions[0].Injected);
        var other = WebhookEvaluator.Evaluate([config], "other", new Dictionary<string, string>(), new Dictionary<string, string>()).Decisions[0];
        Assert.True(other.Injected);
        Assert.Equal("selectors match every pod", other.Reason);
    }

    [Theory]
    [InlineData("UPDATE", "", "v1", "pods", false)]
    [InlineData("*", "*", "*", "*", true)]
    [InlineData("CREATE", "apps", "v1", "pods", false)]
    [InlineData("CREATE", "", "v1", "deployments", false)]
    [InlineData("CREATE", "", "v1", "*/*", true)]
    public void RulesMustCoverPodCreate(string operation, string group, string version, string resource, bool injected)
    {
        var config = new WebhookConfiguration("c", new Dictionary<string, string>(),
            [new MutatingWebhook("w", WebhookClientConfig.ForService("injector-x", "istio-system"), [new WebhookRule([operation], [group], [version], [resource])], null, null)]);
        var decision = WebhookEvaluator.Evaluate([config], "ns", new Dictionary<string, string>(), new Dictionary<string, string>()).Decisions[0];

        Assert.Equal(injected, decision.Injected);
        Assert.Equal("x", decision.Revision);
        if (!injected) Assert.Equal("webhook rules do not cover pod CREATE", decision.Reason);
    }
}
