using System.Text.Json.Nodes;
using Injector.Istio.Install;
using Injector.Kube.Yaml;
using Injector.Tests.Support;

namespace Injector.Tests.Istio.Install;

/// <summary>The schema against the chart: everything the chart's values.yaml sets is accepted in istioctl's form.</summary>
public sealed class ValuesSchemaTests
{
    /// <summary>Keys of the chart's defaults that istioctl users write at the top of <c>spec.values</c>; the
    /// others are istiod's own and go under <c>pilot</c>.</summary>
    private static readonly HashSet<string> SharedKeys =
    [
        "global", "meshConfig", "revision", "sidecarInjectorWebhook", "telemetry", "istiodRemote", "gateways", "base",
        "experimental", "ownerName", "revisionTags", "gatewayClasses",
    ];

    [Fact]
    public void EveryChartDefaultIsAcceptedAsAnIstioctlValue()
    {
        var chart = (JsonObject)((JsonObject)GoYaml.ToJson(File.ReadAllText(Path.Combine(
            TestPaths.RepoRoot, "src", "Injector.Core", "Istio", "Install", "Chart", "values.yaml")))!)["_internal_defaults_do_not_set"]!;
        var values = new JsonObject();
        var pilot = new JsonObject();
        foreach (var (key, value) in chart)
        {
            (SharedKeys.Contains(key) ? values : pilot)[key] = value?.DeepClone();
        }
        values["pilot"] = pilot;
        var document = new JsonObject { ["spec"] = new JsonObject { ["values"] = values } };
        var texts = InstallInputs.FromOperatorText([("chart-defaults.yaml", GoYaml.FromJson(document))], []);
        Assert.Equal(InstallInputs.Default.ConfigYaml, texts.ConfigYaml);
    }

    [Fact]
    public void ProtoNamesAndJsonNamesAreBothAccepted()
    {
        const string File = "spec:\n  values:\n    global:\n      proxy_init:\n        image: init\n    gateways:\n      istio-ingressgateway:\n        autoscaleEnabled: false\n";
        var texts = InstallInputs.FromOperatorText([("names.yaml", File)], []);
        Assert.Contains("\"image\": \"init\"", texts.ValuesJson);
    }

    [Fact]
    public void MeshConfigMustBeAMap()
    {
        var message = Assert.Throws<InstallInputException>(() => InstallInputs.FromOperatorText([], ["values.meshConfig=x"])).Message;
        Assert.Contains("spec.values.meshConfig: expected a map", message);
        message = Assert.Throws<InstallInputException>(() => InstallInputs.FromOperatorText([], ["meshConfig=x"])).Message;
        Assert.Contains("spec.meshConfig: expected a map", message);
    }

    [Fact]
    public void ValuesJsonEscapesAsGoDoes()
    {
        var texts = InstallInputs.FromOperatorText([], ["values.global.proxy.excludeIPRanges=<a&b>"]);
        Assert.Contains("\"excludeIPRanges\": \"\\u003ca\\u0026b\\u003e\"", texts.ValuesJson);
    }
}
