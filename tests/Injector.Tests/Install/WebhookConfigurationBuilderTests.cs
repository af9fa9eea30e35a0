using Injector.Install.Webhooks;
using Injector.Selectors;
using System.Text.Json;
using Injector.Install.Tags;

namespace Injector.Tests.Install;

public sealed class WebhookConfigurationBuilderTests
{
    private static readonly WebhookSettings Settings = new("injector-asm-1233-2", "istio-system");

    [Fact]
    public void SeedRevisionSelectorsAreIstiosShapesByteForByte()
    {
        var spec = WebhookConfigurationBuilder.ForRevision("asm-1233-2", Settings, isDefault: false);
        var kube = WebhookKubeModel.ToKube(spec);

        Assert.Equal("injector-asm-1233-2", kube.Metadata.Name);
        Assert.Equal(["rev.namespace.sidecar-injector.istio.io", "rev.object.sidecar-injector.istio.io"], kube.Webhooks.Select(w => w.Name));
        const string excluded = """{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["kube-system","kube-public","kube-node-lease","istio-system"]}""";
        Assert.Equal(
            """{"matchExpressions":[{"key":"istio.io/rev","operator":"In","values":["asm-1233-2"]},{"key":"istio-injection","operator":"DoesNotExist"},""" + excluded + "]}",
            Json(kube.Webhooks[0].NamespaceSelector));
        Assert.Equal(
            """{"matchExpressions":[{"key":"sidecar.istio.io/inject","operator":"NotIn","values":["false"]}]}""",
            Json(kube.Webhooks[0].ObjectSelector));
        Assert.Equal(
            """{"matchExpressions":[{"key":"istio.io/rev","operator":"DoesNotExist"},{"key":"istio-injection","operator":"DoesNotExist"},""" + excluded + "]}",
            Json(kube.Webhooks[1].NamespaceSelector));
        Assert.Equal(
            """{"matchExpressions":[{"key":"sidecar.istio.io/inject","operator":"NotIn","values":["false"]},{"key":"istio.io/rev","operator":"In","values":["asm-1233-2"]}]}""",
            Json(kube.Webhooks[1].ObjectSelector));
    }

    [Fact]
    public void EveryEntryCallsTheRevisionServiceForPodCreatesOnly()
    {
        var kube = WebhookKubeModel.ToKube(WebhookConfigurationBuilder.ForRevision("r1",
            new WebhookSettings("injector-r1", "mesh", "IfNeeded", 7), isDefault: true));
        Assert.Equal(4, kube.Webhooks.Count);
        Assert.Equal("sidecar-injector", kube.Metadata.Labels["app"]);
        Assert.Equal("r1", kube.Metadata.Labels["istio.io/rev"]);
        foreach (var w in kube.Webhooks)
        {
            Assert.Equal(
                """{"service":{"name":"injector-r1","namespace":"mesh","path":"/inject","port":443}}""",
                Json(w.ClientConfig));
            var rule = Assert.Single(w.Rules);
            Assert.Equal("""{"apiGroups":[""],"apiVersions":["v1"],"operations":["CREATE"],"resources":["pods"]}""",
                Json(rule));
            Assert.Equal("None", w.SideEffects);
            Assert.Equal(["v1"], w.AdmissionReviewVersions);
            Assert.Equal("Fail", w.FailurePolicy);
            Assert.Equal("IfNeeded", w.ReinvocationPolicy);
            Assert.Equal(7, w.TimeoutSeconds);
        }
    }

    public static TheoryData<string, string, string, string[]> Matrix => new()
    {
        // case, namespace labels, pod labels, entries that fire (revision r1 installed as default)
        { "ns rev label", "istio.io/rev=r1", "", ["rev.namespace"] },
        { "ns rev label, pod opts out", "istio.io/rev=r1", "sidecar.istio.io/inject=false", [] },
        { "ns other revision", "istio.io/rev=r2", "istio.io/rev=r1", [] },
        { "pod rev label, bare ns", "", "istio.io/rev=r1", ["rev.object"] },
        { "legacy ns label", "istio-injection=enabled", "", ["namespace"] },
        { "legacy ns label beats rev label", "istio-injection=enabled,istio.io/rev=r1", "", ["namespace"] },
        { "legacy disabled", "istio-injection=disabled", "sidecar.istio.io/inject=true", [] },
        { "pod inject=true, bare ns", "", "sidecar.istio.io/inject=true", ["object"] },
        { "pod inject=true and rev", "", "sidecar.istio.io/inject=true,istio.io/rev=r1", ["rev.object"] },
        { "nothing", "", "", [] },
        { "kube-system excluded", "kubernetes.io/metadata.name=kube-system,istio-injection=enabled", "", [] },
        { "install namespace excluded", "kubernetes.io/metadata.name=istio-system,istio.io/rev=r1", "", [] },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void SelectorsFireLikeIstio(string name, string namespaceLabels, string podLabels, string[] expected)
    {
        var spec = WebhookConfigurationBuilder.ForRevision("r1", new WebhookSettings("injector-r1", "istio-system"), isDefault: true);
        var ns = Labels(namespaceLabels);
        ns.TryAdd("kubernetes.io/metadata.name", "apps");
        var pod = Labels(podLabels);
        var fired = spec.Entries
            .Where(e => e.NamespaceSelector.Matches(ns) && e.ObjectSelector.Matches(pod))
            .Select(e => e.Name.Replace(".sidecar-injector.istio.io", string.Empty))
            .ToArray();
        Assert.True(expected.SequenceEqual(fired), $"{name}: fired [{string.Join(",", fired)}]");
    }

    [Fact]
    public void TagSelectsByTagNameAndCallsTheRevisionService()
    {
        var spec = WebhookConfigurationBuilder.ForTag("prod", "asm-1233-2", Settings);
        Assert.Equal("injector-revision-tag-prod", spec.Name);
        Assert.Equal([new("app", "sidecar-injector"), new("istio.io/rev", "asm-1233-2"), new("istio.io/tag", "prod")], spec.Labels);
        Assert.Equal(2, spec.Entries.Count);
        Assert.True(spec.Entries[0].NamespaceSelector.Matches(Labels("istio.io/rev=prod,kubernetes.io/metadata.name=a")));
        Assert.False(spec.Entries[0].NamespaceSelector.Matches(Labels("istio.io/rev=asm-1233-2,kubernetes.io/metadata.name=a")));
        Assert.True(spec.Entries[1].ObjectSelector.Matches(Labels("istio.io/rev=prod")));
        Assert.Equal("injector-asm-1233-2", spec.Settings.ServiceName);

        var defaultTag = WebhookConfigurationBuilder.ForTag("default", "asm-1233-2", Settings);
        Assert.Equal(
            ["rev.namespace.sidecar-injector.istio.io", "rev.object.sidecar-injector.istio.io",
             "namespace.sidecar-injector.istio.io", "object.sidecar-injector.istio.io"],
            defaultTag.Entries.Select(e => e.Name));
    }

    [Fact]
    public void SettingsReadBackFromAnInstalledConfiguration()
    {
        var installed = WebhookKubeModel.ToKube(WebhookConfigurationBuilder.ForRevision("r1",
            new WebhookSettings("injector-r1", "mesh", "IfNeeded", 5) { CaBundle = [1, 2, 3] }, isDefault: false));
        var settings = WebhookKubeModel.SettingsOf(installed);
        Assert.NotNull(settings);
        Assert.Equal(("injector-r1", "mesh", "IfNeeded", 5), (settings.ServiceName, settings.ServiceNamespace, settings.ReinvocationPolicy, settings.TimeoutSeconds));
        Assert.Equal(["kube-system", "kube-public", "kube-node-lease", "mesh"], settings.ExcludedNamespaces);
        Assert.Equal([1, 2, 3], settings.CaBundle!);
    }

    [Fact]
    public void NeverMatchSelectorMatchesNothingReal()
    {
        var never = WebhookSelectors.NeverMatch();
        Assert.True(WebhookSelectors.IsNeverMatch(never));
        Assert.False(never.Matches(Labels("istio-injection=enabled,sidecar.istio.io/inject=true")));
        Assert.Equal("""{"matchLabels":{"istio.io/deactivated":"never-match"}}""", Json(WebhookKubeModel.ToKube(never)));
    }

    /// <summary>The bytes the tag commands send (their own source-generated context).</summary>
    private static string Json(k8s.Models.V1LabelSelector selector) => JsonSerializer.Serialize(selector, TagJsonContext.Default.V1LabelSelector);

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType(), TagJsonContext.Default);

    internal static Dictionary<string, string> Labels(string text)
    {
        var labels = new Dictionary<string, string>();
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            labels[parts[0]] = parts[1];
        }
        return labels;
    }
}
