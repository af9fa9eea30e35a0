using System.Text.Json.Nodes;
using Injector.Webhooks;

namespace Injector.Tests.Install;

public sealed class WebhookConfigurationBuilderTests
{
    private static readonly WebhookSettings Settings = new("injector-asm-1233-2", "istio-system");

    [Fact]
    public void SeedRevisionSelectorsAreIstiosShapesByteForByte()
    {
        var json = WebhookJsonWriter.Write(WebhookConfigurationBuilder.ForRevision("asm-1233-2", Settings, isDefault: false));
        var webhooks = json["webhooks"]!.AsArray();

        Assert.Equal("injector-asm-1233-2", (string?)json["metadata"]!["name"]);
        Assert.Equal(["rev.namespace.sidecar-injector.istio.io", "rev.object.sidecar-injector.istio.io"], webhooks.Select(w => (string?)w!["name"]));
        const string excluded = """{"key":"kubernetes.io/metadata.name","operator":"NotIn","values":["kube-system","kube-public","kube-node-lease","istio-system"]}""";
        Assert.Equal(
            """{"matchExpressions":[{"key":"istio.io/rev","operator":"In","values":["asm-1233-2"]},{"key":"istio-injection","operator":"DoesNotExist"},""" + excluded + "]}",
            webhooks[0]!["namespaceSelector"]!.ToJsonString());
        Assert.Equal(
            """{"matchExpressions":[{"key":"sidecar.istio.io/inject","operator":"NotIn","values":["false"]}]}""",
            webhooks[0]!["objectSelector"]!.ToJsonString());
        Assert.Equal(
            """{"matchExpressions":[{"key":"istio.io/rev","operator":"DoesNotExist"},{"key":"istio-injection","operator":"DoesNotExist"},""" + excluded + "]}",
            webhooks[1]!["namespaceSelector"]!.ToJsonString());
        Assert.Equal(
            """{"matchExpressions":[{"key":"sidecar.istio.io/inject","operator":"NotIn","values":["false"]},{"key":"istio.io/rev","operator":"In","values":["asm-1233-2"]}]}""",
            webhooks[1]!["objectSelector"]!.ToJsonString());
    }

    [Fact]
    public void EveryEntryCallsTheRevisionServiceForPodCreatesOnly()
    {
        var json = WebhookJsonWriter.Write(WebhookConfigurationBuilder.ForRevision("r1", new WebhookSettings("injector-r1", "mesh", "IfNeeded", 7), isDefault: true));
        var webhooks = json["webhooks"]!.AsArray();
        Assert.Equal(4, webhooks.Count);
        Assert.Equal("""{"app":"sidecar-injector","istio.io/rev":"r1"}""", json["metadata"]!["labels"]!.ToJsonString());
        foreach (var w in webhooks)
        {
            Assert.Equal("""{"service":{"name":"injector-r1","namespace":"mesh","path":"/inject","port":443}}""", w!["clientConfig"]!.ToJsonString());
            Assert.Equal("""[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}]""", w["rules"]!.ToJsonString());
            Assert.Equal("None", (string?)w["sideEffects"]);
            Assert.Equal("""["v1"]""", w["admissionReviewVersions"]!.ToJsonString());
            Assert.Equal("Fail", (string?)w["failurePolicy"]);
            Assert.Equal("IfNeeded", (string?)w["reinvocationPolicy"]);
            Assert.Equal(7, (int?)w["timeoutSeconds"]);
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
        var fired = spec.Webhooks
            .Where(e => e.NamespaceSelector!.Matches(ns) && e.ObjectSelector!.Matches(pod))
            .Select(e => e.Name.Replace(".sidecar-injector.istio.io", string.Empty))
            .ToArray();
        Assert.True(expected.SequenceEqual(fired), $"{name}: fired [{string.Join(",", fired)}]");
    }

    [Fact]
    public void TagSelectsByTagNameAndCallsTheRevisionService()
    {
        var spec = WebhookConfigurationBuilder.ForTag("prod", "asm-1233-2", Settings);
        Assert.Equal("injector-revision-tag-prod", spec.Name);
        Assert.Equal([new("app", "sidecar-injector"), new("istio.io/rev", "asm-1233-2"), new("istio.io/tag", "prod")], spec.Labels.ToList());
        Assert.Equal(2, spec.Webhooks.Count);
        Assert.True(spec.Webhooks[0].NamespaceSelector!.Matches(Labels("istio.io/rev=prod,kubernetes.io/metadata.name=a")));
        Assert.False(spec.Webhooks[0].NamespaceSelector!.Matches(Labels("istio.io/rev=asm-1233-2,kubernetes.io/metadata.name=a")));
        Assert.True(spec.Webhooks[1].ObjectSelector!.Matches(Labels("istio.io/rev=prod")));
        Assert.Equal("injector-asm-1233-2", spec.Webhooks[0].ClientConfig.Service!.Name);

        var defaultTag = WebhookConfigurationBuilder.ForTag("default", "asm-1233-2", Settings);
        Assert.Equal(
            ["rev.namespace.sidecar-injector.istio.io", "rev.object.sidecar-injector.istio.io",
             "namespace.sidecar-injector.istio.io", "object.sidecar-injector.istio.io"],
            defaultTag.Webhooks.Select(e => e.Name));
    }

    [Fact]
    public void SettingsReadBackFromAnInstalledConfiguration()
    {
        var settings = new WebhookSettings("injector-r1", "mesh", "IfNeeded", 5);
        settings = settings with { ClientConfig = settings.ClientConfig with { CaBundle = "AQID" } };
        var installed = WebhookJsonReader.Read(WebhookJsonWriter.Write(WebhookConfigurationBuilder.ForRevision("r1", settings, isDefault: false)));
        var copied = WebhookSettings.CopiedFrom(installed);
        Assert.NotNull(copied);
        Assert.Equal(new WebhookClientConfig(new ServiceReference("injector-r1", "mesh", "/inject", 443), null, "AQID"), copied.ClientConfig);
        Assert.Equal(("IfNeeded", 5), (copied.ReinvocationPolicy, copied.TimeoutSeconds));
        Assert.Equal(["kube-system", "kube-public", "kube-node-lease", "mesh"], copied.ExcludedNamespaces);
    }

    [Fact]
    public void NeverMatchSelectorMatchesNothingReal()
    {
        var never = WebhookSelectors.NeverMatch();
        Assert.True(WebhookSelectors.IsNeverMatch(never));
        Assert.False(never.Matches(Labels("istio-injection=enabled,sidecar.istio.io/inject=true")));
        Assert.Equal("""{"matchLabels":{"istio.io/deactivated":"never-match"}}""", WebhookJsonWriter.Selector(never).ToJsonString());
    }

    [Fact]
    public void TheModelRoundTripsThroughJson()
    {
        var config = WebhookConfigurationBuilder.ForTag("default", "r1", new WebhookSettings("injector-r1", "mesh", "IfNeeded", 3)
        {
            Annotations = [new("cert-manager.io/inject-ca-from", "mesh/injector-r1")],
        });
        var json = WebhookJsonWriter.Write(config);
        var again = WebhookJsonWriter.Write(WebhookJsonReader.Read(json));
        Assert.True(JsonNode.DeepEquals(json, again), again.ToJsonString());
    }

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
