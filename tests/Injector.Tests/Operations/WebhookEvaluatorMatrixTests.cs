using Injector.Operations.CheckInject;

namespace Injector.Tests.Operations;

/// <summary>
/// The canary layout (webhooks-canary.yaml): revision 1-22 is the default (tag "default", which also owns the
/// legacy istio-injection / sidecar.istio.io/inject=true webhooks), asm-1233-2 installed beside it, tag "prod" → asm-1233-2.
/// Each row is a namespace; each column a pod; each cell the revision[@tag] whose webhook injects, or "-".
/// Expected cells follow Istio's documented selector semantics, worked out by hand.
/// </summary>
public sealed class WebhookEvaluatorMatrixTests
{
    private static readonly string[] Pods =
    [
        "",
        "sidecar.istio.io/inject=false",
        "sidecar.istio.io/inject=true",
        "istio.io/rev=asm-1233-2",
        "istio.io/rev=1-22,sidecar.istio.io/inject=false",
        "istio.io/rev=prod",
    ];

    // namespace labels                                  | {}            | inject=false | inject=true   | pod rev=asm  | rev=1-22+false | pod rev=prod
    private static readonly (string Namespace, string[] Expected)[] Rows =
    [
        ("",                                            ["-",           "-",           "1-22@default", "asm-1233-2", "-",             "asm-1233-2@prod"]),
        ("istio-injection=enabled",                     ["1-22@default", "-",          "1-22@default", "1-22@default", "-",           "1-22@default"]),
        ("istio-injection=disabled",                    ["-",           "-",           "-",            "-",          "-",             "-"]),
        ("istio.io/rev=1-22",                           ["1-22",        "-",           "1-22",         "1-22",       "-",             "1-22"]),
        ("istio.io/rev=asm-1233-2",                     ["asm-1233-2",  "-",           "asm-1233-2",   "asm-1233-2", "-",             "asm-1233-2"]),
        ("istio.io/rev=prod",                           ["asm-1233-2@prod", "-",       "asm-1233-2@prod", "asm-1233-2@prod", "-",     "asm-1233-2@prod"]),
        ("istio.io/rev=default",                        ["1-22@default", "-",          "1-22@default", "1-22@default", "-",           "1-22@default"]),
        ("istio-injection=enabled,istio.io/rev=asm-1233-2", ["1-22@default", "-",      "1-22@default", "1-22@default", "-",           "1-22@default"]),
        ("istio-injection=disabled,istio.io/rev=asm-1233-2", ["-",          "-",           "-",            "-",          "-",             "-"]),
        ("istio.io/rev=no-such-revision",               ["-",           "-",           "-",            "-",          "-",             "-"]),
    ];

    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (ns, expected) in Rows)
        {
            for (var i = 0; i < Pods.Length; i++) data.Add(ns, Pods[i], expected[i]);
        }
        return data;
    }

    [Fact]
    public void MatrixHasAtLeastFiftyCombinations() => Assert.True(Cells().Count >= 50);

    [Theory]
    [MemberData(nameof(Cells))]
    public void CanaryLayoutInjectsExactlyTheExpectedRevision(string namespaceLabels, string podLabels, string expected)
    {
        var check = WebhookEvaluator.Evaluate(OperationsTestData.Webhooks("webhooks-canary.yaml"), "app",
            OperationsTestData.Labels(namespaceLabels), OperationsTestData.Labels(podLabels));

        Assert.False(check.HasConflict, check.ConflictMessage);
        var injecting = check.Injecting;
        var actual = injecting.Count == 0 ? "-" : injecting[0].Revision + (injecting[0].Tag is { } tag ? "@" + tag : "");
        Assert.Equal(expected, actual);
        Assert.Equal(10, check.Decisions.Count);
    }

    [Theory]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    public void SystemNamespacesAreNeverInjectedEvenWhenSelected(string ns)
    {
        var check = WebhookEvaluator.Evaluate(OperationsTestData.Webhooks("webhooks-canary.yaml"), ns,
            OperationsTestData.Labels("istio-injection=enabled"), OperationsTestData.Labels(""));

        Assert.Empty(check.Injecting);
        var legacy = Assert.Single(check.Decisions, d => d.Webhook == "namespace.sidecar-injector.istio.io");
        Assert.Equal("namespace " + ns + " is never injected", legacy.Reason);
    }

    [Theory]
    [InlineData("istio-injection=enabled", "", "-")]
    [InlineData("istio-injection=enabled", "sidecar.istio.io/inject=true", "-")]
    [InlineData("", "sidecar.istio.io/inject=true", "-")]
    [InlineData("istio.io/rev=1-22", "", "1-22")]
    [InlineData("", "istio.io/rev=asm-1233-2", "asm-1233-2")]
    public void DeactivatedDefaultInjectsNothingThroughTheLegacyLabels(string namespaceLabels, string podLabels, string expected)
    {
        var check = WebhookEvaluator.Evaluate(OperationsTestData.Webhooks("webhooks-deactivated-default.yaml"), "app",
            OperationsTestData.Labels(namespaceLabels), OperationsTestData.Labels(podLabels));

        var injecting = check.Injecting;
        Assert.Equal(expected, injecting.Count == 0 ? "-" : injecting[0].Revision);
        Assert.All(check.Decisions.Where(d => d.Webhook is "namespace.sidecar-injector.istio.io" or "object.sidecar-injector.istio.io"),
            d => Assert.Equal("webhook deactivated (never-match selector)", d.Reason));
    }

    [Fact]
    public void TwoInjectingWebhooksAreTheIst0139Conflict()
    {
        var check = WebhookEvaluator.Evaluate(OperationsTestData.Webhooks("webhooks-conflict.yaml"), "app",
            OperationsTestData.Labels("istio-injection=enabled"), OperationsTestData.Labels(""));

        Assert.True(check.HasConflict);
        Assert.Equal(2, check.Injecting.Count);
        Assert.Contains("IST0139", check.ConflictMessage);
        Assert.Contains("istio-sidecar-injector/namespace.sidecar-injector.istio.io", check.ConflictMessage);
        Assert.Contains("injector-revision-tag-default/namespace.sidecar-injector.istio.io", check.ConflictMessage);
    }
}
