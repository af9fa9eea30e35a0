using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Injector.Istio.Install;
using Injector.Rendering;
using Injector.Tests.Parity;

namespace Injector.Tests.Rendering;

/// <summary>Loading a revision (errors name the template and position, or the key) and denials for bad or hostile
/// pods: one line, fast, never an exception.</summary>
public sealed class RenderedInputTests
{
    private static readonly InstallTexts Defaults = InstallInputs.Default;

    private static InstallTexts WithConfig(string configYaml) => Defaults with { ConfigYaml = configYaml, Source = "test" };

    private static JsonObject HelloPod() => WorkloadPods.FromYaml(File.ReadAllText(Path.Combine(Support.TestPaths.ParityCases, "hello.yaml")))[0].Pod;

    [Fact]
    public void TemplateParseErrorNamesTemplateLineAndColumn()
    {
        var error = Assert.Throws<InstallInputException>(() => InjectorInputs.Load(WithConfig("templates:\n  mine: |\n    a: 1\n    b: {{ .Values.x \n")));
        Assert.Contains("template \"mine\"", error.Message);
        Assert.Contains("line 3", error.Message); // Go reports the unclosed action where the text ends
        Assert.Contains("column", error.Message);
    }

    [Fact]
    public void BadConfigNamesTheKey()
    {
        var error = Assert.Throws<InstallInputException>(() => InjectorInputs.Load(WithConfig("defaultTemplates: {a: b}\n")));
        Assert.Contains("defaultTemplates", error.Message);
        var aliases = Assert.Throws<InstallInputException>(() => InjectorInputs.Load(WithConfig("aliases:\n  x: 3\n")));
        Assert.Contains("aliases.x", aliases.Message);
    }

    [Fact]
    public void BadValuesAndMeshAreRefusedAtLoad()
    {
        Assert.Throws<InstallInputException>(() => InjectorInputs.Load(Defaults with { ValuesJson = "{\"global\": [1, 2]}" }));
        Assert.Throws<InstallInputException>(() => InjectorInputs.Load(Defaults with { ValuesJson = "{\"global\": " }));
        var mesh = Assert.Throws<InstallInputException>(() => InjectorInputs.Load(Defaults with { MeshYaml = "defaultConfig:\n  statusPort: [1]\n" }));
        Assert.Contains("mesh config", mesh.Message);
    }

    [Fact]
    public void RenderTimeTemplateErrorDeniesWithOneLine()
    {
        var inputs = InjectorInputs.Load(WithConfig("policy: enabled\ndefaultTemplates: [bad]\ntemplates:\n  bad: |\n    {{ fail \"boom\\nsecond line\" }}\n"));
        var outcome = new RenderedInjector(inputs).Inject(HelloPod(), "default", RenderMode.Webhook);
        var denied = Assert.IsType<RenderOutcome.Denied>(outcome);
        Assert.Contains("failed to run injection template", denied.Message);
        Assert.Contains("boom", denied.Message);
        Assert.DoesNotContain('\n', denied.Message);
    }

    [Fact]
    public void UnknownRequestedTemplateDenies()
    {
        var pod = HelloPod();
        ((JsonObject)pod["metadata"]!)["annotations"] = new JsonObject { ["inject.istio.io/templates"] = "sidecar,nope" };
        var denied = Assert.IsType<RenderOutcome.Denied>(RenderedParityTests.Injector.Inject(pod, "default", RenderMode.Webhook));
        Assert.Contains("requested template \"nope\" not found", denied.Message);
    }

    [Fact]
    public void PolicySkipsHostNetworkIgnoredNamespacesAndOptOut()
    {
        var injector = RenderedParityTests.Injector;
        var host = HelloPod();
        host["spec"]!["hostNetwork"] = true;
        Assert.IsType<RenderOutcome.Skipped>(injector.Inject(host, "default", RenderMode.Webhook));
        Assert.IsType<RenderOutcome.Skipped>(injector.Inject(HelloPod(), "kube-system", RenderMode.Webhook));
        var optOut = HelloPod();
        optOut["metadata"]!["labels"]!["sidecar.istio.io/inject"] = "false";
        Assert.IsType<RenderOutcome.Skipped>(injector.Inject(optOut, "default", RenderMode.Webhook));
        // The label wins over the annotation.
        var both = HelloPod();
        both["metadata"]!["labels"]!["sidecar.istio.io/inject"] = "true";
        ((JsonObject)both["metadata"]!)["annotations"] = new JsonObject { ["sidecar.istio.io/inject"] = "false" };
        Assert.IsType<RenderOutcome.Injected>(injector.Inject(both, "default", RenderMode.Webhook));
    }

    [Fact]
    public void DisabledPolicyInjectsOnlyOnRequestAndSelectorsApply()
    {
        var inputs = InjectorInputs.Load(Defaults with
        {
            ConfigYaml = Defaults.ConfigYaml.Replace("policy: enabled", "policy: disabled", StringComparison.Ordinal)
                + "\nalwaysInjectSelector:\n- matchLabels:\n    app: hello\n",
        });
        var injector = new RenderedInjector(inputs);
        Assert.IsType<RenderOutcome.Injected>(injector.Inject(HelloPod(), "default", RenderMode.Webhook));
        var other = HelloPod();
        other["metadata"]!["labels"]!["app"] = "other";
        Assert.IsType<RenderOutcome.Skipped>(injector.Inject(other, "default", RenderMode.Webhook));
    }

    [Fact]
    public void InvalidAnnotationsDenyWithIstiosMessage()
    {
        var pod = HelloPod();
        ((JsonObject)pod["metadata"]!)["annotations"] = new JsonObject
        {
            ["traffic.sidecar.istio.io/includeOutboundIPRanges"] = "10.0.0.0/33",
            ["sidecar.istio.io/interceptionMode"] = "BOGUS\nline",
        };
        var denied = Assert.IsType<RenderOutcome.Denied>(RenderedParityTests.Injector.Inject(pod, "default", RenderMode.Webhook));
        Assert.Contains("invalid value '10.0.0.0/33' for annotation 'traffic.sidecar.istio.io/includeOutboundIPRanges': includeIPRanges invalid", denied.Message);
        Assert.Contains("interceptionMode invalid", denied.Message);
        Assert.DoesNotContain('\n', denied.Message);
    }

    [Fact]
    public void MalformedPodsAreDeniedNotThrown()
    {
        var injector = RenderedParityTests.Injector;
        foreach (var json in new[]
                 {
                     """{"metadata": {"annotations": {"a": 1}}, "spec": {"containers": []}}""",
                     """{"spec": "not an object"}""",
                     """{"spec": {"containers": [{"name": "app", "ports": [{"containerPort": "x"}]}]}}""",
                     """{"metadata": {"annotations": {"sidecar.istio.io/status": "{\"containers\": 5}", "proxy.istio.io/overrides": "[1,2"}}, "spec": {"containers": [{"name": "app"}]}}""",
                 })
        {
            var outcome = injector.Inject((JsonObject)JsonNode.Parse(json)!, "default", RenderMode.Webhook);
            if (outcome is RenderOutcome.Denied denied) Assert.DoesNotContain('\n', denied.Message);
            else Assert.IsType<RenderOutcome.Injected>(outcome);
        }
    }

    [Theory]
    [InlineData("proxy.istio.io/config")]
    [InlineData("sidecar.istio.io/userVolume")]
    [InlineData("sidecar.istio.io/userVolumeMount")]
    [InlineData("sidecar.istio.io/bootstrapOverride")]
    [InlineData("some.example/free-form")]
    public void HostileAnnotationsFailFast(string key)
    {
        var hostile = new Dictionary<string, string>
        {
            ["deep YAML flow"] = new string('[', 100_000) + new string(']', 100_000),
            ["deep YAML block"] = string.Concat(Enumerable.Range(0, 3_000).Select(i => new string(' ', i) + "a:\n")),
            ["deep JSON"] = string.Concat(Enumerable.Repeat("{\"a\":", 50_000)) + "1" + new string('}', 50_000),
            ["alias bomb"] = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n",
            ["huge"] = new string('x', 2 * 1024 * 1024),
        };
        foreach (var (name, value) in hostile)
        {
            var pod = HelloPod();
            ((JsonObject)pod["metadata"]!)["annotations"] = new JsonObject { [key] = value };
            var watch = Stopwatch.StartNew();
            var outcome = RenderedParityTests.Injector.Inject(pod, "default", RenderMode.Webhook);
            watch.Stop();
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), key + " " + name + " took " + watch.Elapsed);
            if (outcome is RenderOutcome.Denied denied)
            {
                Assert.DoesNotContain('\n', denied.Message);
                Assert.True(denied.Message.Length < 2000, key + " " + name + ": message of " + denied.Message.Length + " chars");
            }
        }
    }

    [Fact]
    public void AnnotationsOverKubernetesLimitAreDeniedBeforeAnyWork()
    {
        var pod = HelloPod();
        ((JsonObject)pod["metadata"]!)["annotations"] = new JsonObject { ["a"] = new string('x', 300 * 1024) };
        var denied = Assert.IsType<RenderOutcome.Denied>(RenderedParityTests.Injector.Inject(pod, "default", RenderMode.Webhook));
        Assert.Equal("metadata.annotations: Too long: may not be more than 262144 bytes", denied.Message);
    }

    [Fact]
    public void WorkBudgetIsSpentAndChecked()
    {
        var expired = Injector.Limits.WorkBudget.Until(CancellationToken.None, Stopwatch.GetTimestamp() - 1);
        Assert.Throws<Injector.Limits.WorkBudgetExceededException>(() => RenderedParityTests.Injector.Inject(HelloPod(), "default", RenderMode.Webhook, budget: expired));
    }

    [Fact]
    public void OpenShiftNamespaceGivesTheProxyItsUidRange()
    {
        Assert.Equal((1000629999L, 1000629999L), ProxyIds.For(ExplicitCaseTests.OpenShiftNamespace));
        var groups = new NamespaceFacts(new Dictionary<string, string>(), new Dictionary<string, string>
        {
            ["openshift.io/sa.scc.uid-range"] = "1000620000/10000",
            ["openshift.io/sa.scc.supplemental-groups"] = "5000-5999,7000/10",
        });
        Assert.Equal((1000629999L, 5999L), ProxyIds.For(groups));
        Assert.Equal((1337L, 1337L), ProxyIds.For(null));
    }

    [Fact]
    public void ImageTypeReplacesAKnownSuffix()
    {
        Assert.Equal("1.2-distroless", ProxyImages.TagWithType("1.2-debug", "distroless"));
        Assert.Equal("1.2", ProxyImages.TagWithType("1.2-distroless", "default"));
        Assert.Equal("1.2-foo-debug", ProxyImages.TagWithType("1.2-foo", "debug"));
        Assert.Equal("latest", ProxyImages.TagWithType("latest", ""));
    }
}
