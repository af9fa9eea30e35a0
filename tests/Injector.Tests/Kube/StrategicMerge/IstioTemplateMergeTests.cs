using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Injector.Kube.StrategicMerge;
using Injector.Kube.Yaml;
using Injector.Tests.Support;
using Smp = Injector.Kube.StrategicMerge.StrategicMerge;

namespace Injector.Tests.Kube.StrategicMerge;

/// <summary>
/// Istio's template overlay (<c>applyOverlayYAML</c>: the rendered template, read by sigs.k8s.io/yaml, strategic-merged
/// onto the pod as <c>corev1.Pod</c>) on its <c>custom-template</c> case
/// (tests/testdata/istio/explicit/cases/custom-template.*): containers merge by name, env by name, volumeMounts by
/// mountPath, volumes by name, and the result is what Istio's golden shows. The schema is the generated Kubernetes one
/// (<see cref="KubePatchMeta.Pod"/>), as in production.
/// </summary>
public sealed partial class IstioTemplateMergeTests
{
    private static string CaseFile(string name) => Path.Combine(TestPaths.ExplicitCases, "cases", name);

    /// <summary>
    /// The <c>custom</c> template of the case's IstioOperator file, rendered for a pod whose one container is named
    /// <c>hello</c>: the template ranges over <c>.Spec.Containers</c>, and <c>{{-</c> trims the white space before it, so
    /// the range and end actions vanish with their leading line breaks and the body is written once.
    /// </summary>
    private static string RenderedCustomTemplate()
    {
        var iop = GoYaml.ToJson(File.ReadAllText(CaseFile("custom-template.iop.yaml")))!;
        var template = (string)iop["spec"]!["values"]!["sidecarInjectorWebhook"]!["templates"]!["custom"]!;
        var rendered = RangeAction().Replace(template, "");
        rendered = EndAction().Replace(rendered, "");
        rendered = rendered.Replace("{{ $container.Name }}", "hello", StringComparison.Ordinal);
        Assert.DoesNotContain("{{", rendered);
        return rendered;
    }

    /// <summary>The case's pod as Istio hands it to the merge: <c>json.Marshal</c> of the <c>corev1.Pod</c>, which writes
    /// the container's <c>resources</c> struct as <c>{}</c>.</summary>
    private static JsonObject InputPod()
    {
        var deployment = GoYaml.ToJson(File.ReadAllText(CaseFile("custom-template.yaml")))!;
        var pod = deployment["spec"]!["template"]!.DeepClone().AsObject();
        pod["spec"]!["containers"]![0]!["resources"] = new JsonObject();
        return pod;
    }

    private static JsonNode GoldenPod()
    {
        var golden = GoYaml.ToJson(File.ReadAllText(CaseFile("custom-template.yaml.injected")))!;
        return golden["spec"]!["template"]!;
    }

    [Fact]
    public void CustomTemplateMergesAsIstiosGolden()
    {
        var patch = GoYaml.ToJson(RenderedCustomTemplate())!.AsObject();
        var merged = Smp.Apply(InputPod(), patch, KubePatchMeta.Pod);
        var golden = GoldenPod();

        // The container: env and volumeMounts from the template added to the pod's own fields.
        Assert.Equal(MergeAssert.Canonical(golden["spec"]!["containers"]), MergeAssert.Canonical(merged["spec"]!["containers"]));
        Assert.Equal(MergeAssert.Canonical(golden["spec"]!["volumes"]), MergeAssert.Canonical(merged["spec"]!["volumes"]));

        // Annotations: the pod's and the template's; Istio adds two more after the merge (status and overrides).
        var annotations = merged["metadata"]!["annotations"]!.AsObject();
        var goldenAnnotations = golden["metadata"]!["annotations"]!.AsObject();
        foreach (var (key, value) in annotations) Assert.Equal(value!.ToJsonString(), goldenAnnotations[key]!.ToJsonString());
        Assert.Equal(["proxy.istio.io/overrides", "sidecar.istio.io/status"],
            goldenAnnotations.Select(p => p.Key).Where(k => !annotations.ContainsKey(k)).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The same template on a pod that has env, volumeMounts and volumes of its own. Every template element is new
    /// to its list, so <c>mergeSortedSlice</c> takes each before the pod's (a patch element missing from the original
    /// never compares "greater"): the template's env, mount and volume come first, the pod's follow in their order.
    /// </summary>
    [Fact]
    public void TemplateElementsGoBeforeThePodsOwn()
    {
        var pod = InputPod();
        var container = pod["spec"]!["containers"]![0]!.AsObject();
        container["env"] = JsonNode.Parse("""[{"name":"POD_1","value":"1"},{"name":"POD_2","value":"2"}]""");
        container["volumeMounts"] = JsonNode.Parse("""[{"name":"data","mountPath":"/data"}]""");
        pod["spec"]!["volumes"] = JsonNode.Parse("""[{"name":"data","emptyDir":{}}]""");

        var merged = Smp.Apply(pod, GoYaml.ToJson(RenderedCustomTemplate())!.AsObject(), KubePatchMeta.Pod);
        var hello = merged["spec"]!["containers"]![0]!;
        Assert.Equal(["SOME_ENV", "SOME_FILE", "POD_1", "POD_2"], hello["env"]!.AsArray().Select(e => (string)e!["name"]!));
        Assert.Equal(["/var/lib/data/foo.json", "/data"], hello["volumeMounts"]!.AsArray().Select(e => (string)e!["mountPath"]!));
        Assert.Equal(["some-injected-file", "data"], merged["spec"]!["volumes"]!.AsArray().Select(e => (string)e!["name"]!));
    }

    /// <summary>
    /// When the pod already has an element the template names (here env <c>SOME_ENV</c>), that element is merged in
    /// place and keeps its position among the pod's elements; a new template element (<c>SOME_FILE</c>) goes before
    /// the pod element it is compared with: pod [POD_1, SOME_ENV], template [SOME_ENV', SOME_FILE] → POD_1(0) vs
    /// SOME_ENV'(1): POD_1 first; then SOME_ENV', SOME_FILE.
    /// </summary>
    [Fact]
    public void ExistingElementsKeepTheirPlace()
    {
        var pod = InputPod();
        pod["spec"]!["containers"]![0]!["env"] = JsonNode.Parse("""[{"name":"POD_1","value":"1"},{"name":"SOME_ENV","value":"old"}]""");
        var merged = Smp.Apply(pod, GoYaml.ToJson(RenderedCustomTemplate())!.AsObject(), KubePatchMeta.Pod);
        var env = merged["spec"]!["containers"]![0]!["env"]!.AsArray();
        Assert.Equal(["POD_1", "SOME_ENV", "SOME_FILE"], env.Select(e => (string)e!["name"]!));
        Assert.Equal("true", (string)env[1]!["value"]!);
    }

    [GeneratedRegex(@"\s*\{\{- range \$index, \$container := \.Spec\.Containers \}\}")]
    private static partial Regex RangeAction();

    [GeneratedRegex(@"\s*\{\{- end\}\}")]
    private static partial Regex EndAction();
}
