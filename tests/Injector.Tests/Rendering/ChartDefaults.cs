using System.Text;
using System.Text.Json.Nodes;
using Injector.Istio.Install;
using Injector.Kube.Yaml;
using Injector.Tests.Support;

namespace Injector.Tests.Rendering;

/// <summary>
/// Test-only install texts for Istio's default test settings, built from the chart files at the reference commit the
/// way the chart's ConfigMap templates build them (values: the chart defaults with hub/tag set, picked as
/// <c>istiod-injector-configmap.yaml</c> picks them; config: policy, default templates and every template file; mesh:
/// the chart's default mesh). Stands in for <c>InstallInputs.Default</c> where a test needs chart texts directly.
/// </summary>
internal static class ChartDefaults
{
    public static string ChartDirectory { get; } = Path.Combine(
        Path.GetDirectoryName(TestPaths.RepoRoot.TrimEnd('/'))!, "..", "shared", "istio-reference", "manifests", "charts", "istio-control", "istio-discovery");

    private static string ChartDir => Directory.Exists(ChartDirectory) ? ChartDirectory : "/work/shared/istio-reference/manifests/charts/istio-control/istio-discovery";

    public static InstallTexts Texts { get; } = Build();

    private static InstallTexts Build()
    {
        var all = (JsonObject)GoYaml.ToJson(File.ReadAllText(Path.Combine(ChartDir, "values.yaml")))!;
        var values = (JsonObject)all["_internal_defaults_do_not_set"]!.DeepClone();
        values["global"]!["hub"] = "registry.istio.io/testing";
        values["global"]!["tag"] = "latest";
        var picked = new JsonObject
        {
            ["global"] = values["global"]!.DeepClone(),
            ["sidecarInjectorWebhook"] = values["sidecarInjectorWebhook"]!.DeepClone(),
            ["revision"] = values["revision"]!.DeepClone(),
            ["pilot"] = new JsonObject { ["cni"] = values["cni"]!.DeepClone(), ["env"] = values["env"]!.DeepClone() },
            ["gateways"] = new JsonObject
            {
                ["securityContext"] = values["gateways"]?["securityContext"]?.DeepClone() ?? new JsonObject(),
                ["seccompProfile"] = values["gateways"]?["seccompProfile"]?.DeepClone() ?? new JsonObject(),
            },
        };
        var config = new StringBuilder();
        config.Append("defaultTemplates: [sidecar]\npolicy: enabled\nalwaysInjectSelector: []\nneverInjectSelector: []\ninjectedAnnotations: {}\ntemplates:\n");
        foreach (var (name, file) in new[]
                 {
                     ("sidecar", "injection-template.yaml"), ("gateway", "gateway-injection-template.yaml"), ("grpc-simple", "grpc-simple.yaml"),
                     ("grpc-agent", "grpc-agent.yaml"), ("waypoint", "waypoint.yaml"), ("kube-gateway", "kube-gateway.yaml"),
                 })
        {
            config.Append("  ").Append(name).Append(": |\n");
            foreach (var line in File.ReadAllText(Path.Combine(ChartDir, "files", file)).Trim().Split('\n'))
            {
                config.Append(line.Length == 0 ? "" : "    " + line).Append('\n');
            }
        }
        const string Mesh = """
            trustDomain: "cluster.local"
            rootNamespace: "istio-system"
            defaultProviders:
              metrics:
              - prometheus
            defaultConfig:
              discoveryAddress: istiod.istio-system.svc:15012
            """;
        return new InstallTexts("", picked.ToJsonString(), config.ToString(), Mesh, "chart defaults (test)");
    }
}
