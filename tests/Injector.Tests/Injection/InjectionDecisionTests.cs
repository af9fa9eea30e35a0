using Injector.Istio;
using Injector.Injection;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

public sealed class InjectionDecisionTests
{
    private const string Selectors = """
        revision: default
        neverInjectSelector:
        - matchLabels: {team: batch}
        alwaysInjectSelector:
        - matchExpressions: [{key: mesh, operator: Exists}]
        """;

    public static TheoryData<string, string, string, string?> Matrix() => new()
    {
        // name, metadata, policy, expected skip reason (null = inject)
        { "plain pod, policy enabled", "\"name\":\"a\"", "enabled", null },
        { "plain pod, policy disabled", "\"name\":\"a\"", "disabled", SkipReasons.PolicyDisabled },
        { "annotation true beats policy disabled", "\"annotations\":{\"sidecar.istio.io/inject\":\"true\"}", "disabled", null },
        { "annotation false", "\"annotations\":{\"sidecar.istio.io/inject\":\"false\"}", "enabled", SkipReasons.PodAnnotation },
        { "label false", "\"labels\":{\"sidecar.istio.io/inject\":\"false\"}", "enabled", SkipReasons.PodLabel },
        { "label wins over annotation", "\"labels\":{\"sidecar.istio.io/inject\":\"true\"},\"annotations\":{\"sidecar.istio.io/inject\":\"false\"}", "enabled", null },
        { "label false wins over annotation true", "\"labels\":{\"sidecar.istio.io/inject\":\"false\"},\"annotations\":{\"sidecar.istio.io/inject\":\"true\"}", "disabled", SkipReasons.PodLabel },
        { "value is case-insensitive", "\"labels\":{\"sidecar.istio.io/inject\":\"FALSE\"}", "enabled", SkipReasons.PodLabel },
        { "other value falls through to policy", "\"annotations\":{\"sidecar.istio.io/inject\":\"maybe\"}", "disabled", SkipReasons.PolicyDisabled },
        { "other label value hides the annotation", "\"labels\":{\"sidecar.istio.io/inject\":\"maybe\"},\"annotations\":{\"sidecar.istio.io/inject\":\"false\"}", "enabled", null },
        { "never selector", "\"labels\":{\"team\":\"batch\"}", "enabled", SkipReasons.NeverInjectSelector },
        { "never selector before always selector", "\"labels\":{\"team\":\"batch\",\"mesh\":\"x\"}", "enabled", SkipReasons.NeverInjectSelector },
        { "always selector beats policy disabled", "\"labels\":{\"mesh\":\"x\"}", "disabled", null },
        { "explicit true beats never selector", "\"labels\":{\"team\":\"batch\",\"sidecar.istio.io/inject\":\"true\"}", "enabled", null },
        { "explicit false beats always selector", "\"labels\":{\"mesh\":\"x\"},\"annotations\":{\"sidecar.istio.io/inject\":\"false\"}", "enabled", SkipReasons.PodAnnotation },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void FollowsIstioPrecedence(string name, string metadata, string policy, string? expectedSkip)
    {
        var revision = Revision(Selectors + "\npolicy: " + policy + "\n");
        var outcome = Run(Pod(metadata), revision);
        if (expectedSkip is null)
        {
            Assert.True(outcome.Result.Outcome == InjectionOutcome.Injected, name + ": " + outcome.Result.Reason);
        }
        else
        {
            Assert.Equal(InjectionOutcome.Skipped, outcome.Result.Outcome);
            Assert.Equal(expectedSkip, outcome.Result.Reason);
        }
    }

    [Fact]
    public void HostNetworkIsSkippedEvenWhenAsked()
    {
        var outcome = Run(Pod("\"annotations\":{\"sidecar.istio.io/inject\":\"true\"}", "\"hostNetwork\":true"));
        Assert.Equal(SkipReasons.HostNetwork, outcome.Result.Reason);
    }

    [Theory]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    [InlineData("kube-node-lease")]
    [InlineData("local-path-storage")]
    public void PlatformNamespacesAreSkippedEvenWhenAsked(string ns)
    {
        var outcome = Run(Pod("\"annotations\":{\"sidecar.istio.io/inject\":\"true\"}"), parameters: new InjectionParameters(ns));
        Assert.Equal(SkipReasons.IgnoredNamespace, outcome.Result.Reason);
        // The pod's own namespace counts too.
        var own = Run(Pod("\"namespace\":\"" + ns + "\""), parameters: new InjectionParameters("default"));
        Assert.Equal(SkipReasons.IgnoredNamespace, own.Result.Reason);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"pod\"")]
    [InlineData("{\"kind\":\"Deployment\",\"metadata\":{}}")]
    public void NonPodsAreSkipped(string json)
    {
        Assert.Equal(SkipReasons.NotPod, Run(json).Result.Reason);
    }

    [Theory]
    [InlineData("neverInjectSelector", "enabled", null)]
    [InlineData("alwaysInjectSelector", "disabled", SkipReasons.PolicyDisabled)]
    public void AnEmptySelectorEntryMatchesNothing(string key, string policy, string? expectedSkip)
    {
        // Istio skips an entry whose selector is empty (selector.Empty()); it is not "every pod".
        foreach (var entry in new[] { "{}", "{matchLabels: {}}", "{matchExpressions: []}" })
        {
            var revision = Revision("revision: default\npolicy: " + policy + "\n" + key + ":\n- " + entry + "\n");
            var outcome = Run(Pod("\"labels\":{\"app\":\"x\"}"), revision);
            Assert.Equal(expectedSkip, outcome.Result.Outcome == InjectionOutcome.Injected ? null : outcome.Result.Reason);
        }
    }

    [Fact]
    public void CheckInjectAndTheWebhookShareTheIgnoredNamespaces()
    {
        foreach (var ns in IstioNames.IgnoredNamespaces)
        {
            var outcome = Run(Pod("\"annotations\":{\"sidecar.istio.io/inject\":\"true\"}"), parameters: new InjectionParameters(ns));
            Assert.Equal(SkipReasons.IgnoredNamespace, outcome.Result.Reason);
            Assert.True(IstioNames.IsIgnoredNamespace(ns));
        }
        Assert.Equal(["kube-system", "kube-public", "kube-node-lease", "local-path-storage"], IstioNames.IgnoredNamespaces);
    }
}
