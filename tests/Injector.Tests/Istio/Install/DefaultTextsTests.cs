using System.Text.Json.Nodes;
using Injector.Istio.Install;
using Injector.Tests.Support;
using Injector.Kube.Yaml;
using Injector.Templates;
using Injector.Templates.Functions;
using static Injector.Tests.Istio.Install.InstallTextsReader;

namespace Injector.Tests.Istio.Install;

/// <summary>The chart's defaults: the three texts checked against the chart files at the reference commit.</summary>
public sealed class DefaultTextsTests
{
    private static readonly string ChartDir = Path.Combine(TestPaths.RepoRoot, "src", "Injector.Core", "Istio", "Install", "Chart");

    private static JsonObject ChartDefaults() =>
        (JsonObject)((JsonObject)GoYaml.ToJson(File.ReadAllText(Path.Combine(ChartDir, "values.yaml")))!)["_internal_defaults_do_not_set"]!;

    [Fact]
    public void ValuesHoldThePickedChartDefaults()
    {
        var values = Values(InstallInputs.Default);
        var defaults = ChartDefaults();
        Assert.Equal(["gateways", "global", "pilot", "revision", "sidecarInjectorWebhook"], values.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(defaults["global"], values["global"]));
        Assert.True(JsonNode.DeepEquals(defaults["sidecarInjectorWebhook"], values["sidecarInjectorWebhook"]));
        Assert.True(JsonNode.DeepEquals(defaults["cni"], At(values, "pilot.cni")));
        Assert.True(JsonNode.DeepEquals(defaults["env"], At(values, "pilot.env")));
        Assert.True(JsonNode.DeepEquals(defaults["gateways"], values["gateways"]));
        Assert.Equal("", (string?)values["revision"]);
        // Spot checks written down from values.yaml.
        Assert.Equal("registry.istio.io/testing", (string?)At(values, "global.hub"));
        Assert.Equal("latest", (string?)At(values, "global.tag"));
        Assert.Equal(15020, (long?)At(values, "global.proxy.statusPort"));
        Assert.Equal("enabled", (string?)At(values, "global.proxy.autoInject"));
        Assert.Equal("2000m", (string?)At(values, "global.proxy.resources.limits.cpu"));
        Assert.Equal(false, (bool?)At(values, "pilot.cni.enabled"));
        Assert.Equal("default", (string?)At(values, "pilot.cni.provider"));
    }

    [Fact]
    public void ValuesTextIsGoPrettyJsonWithSortedKeys()
    {
        var text = InstallInputs.Default.ValuesJson;
        Assert.StartsWith("{\n  \"gateways\": {\n    \"seccompProfile\": {},\n    \"securityContext\": {}\n  },\n  \"global\": {\n", text);
        Assert.EndsWith("\n}", text);
        Assert.Contains("\"imagePullSecrets\": [],", text);
    }

    [Fact]
    public void ConfigHasTheStockTemplatesVerbatim()
    {
        var config = Config(InstallInputs.Default);
        var templates = (JsonObject)config["templates"]!;
        (string Name, string File)[] stock =
        [
            ("sidecar", "injection-template.yaml"), ("gateway", "gateway-injection-template.yaml"),
            ("grpc-simple", "grpc-simple.yaml"), ("grpc-agent", "grpc-agent.yaml"), ("waypoint", "waypoint.yaml"),
            ("kube-gateway", "kube-gateway.yaml"), ("agentgateway", "agentgateway.yaml"),
            ("agentgateway-waypoint", "agentgateway-waypoint.yaml"),
        ];
        Assert.Equal(stock.Select(s => s.Name).Order(StringComparer.Ordinal), templates.Select(p => p.Key).Order(StringComparer.Ordinal));
        // The text lists them in the chart's order.
        var positions = stock.Select(s => InstallInputs.Default.ConfigYaml.IndexOf("\n  " + s.Name + ": |\n", StringComparison.Ordinal)).ToArray();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        for (var i = 0; i < stock.Length; i++)
        {
            var file = File.ReadAllText(Path.Combine(ChartDir, "files", stock[i].File)).Trim();
            var template = (string)templates[stock[i].Name]!;
            // The last block scalar ends the text, so it has no final line break to keep.
            Assert.Equal(i == stock.Length - 1 ? file : file + "\n", template);
        }
        Assert.Equal("[\"sidecar\"]", Text(config["defaultTemplates"]));
        Assert.Equal("enabled", (string?)config["policy"]);
        Assert.Equal("[]", Text(config["alwaysInjectSelector"]));
        Assert.Equal("[]", Text(config["neverInjectSelector"]));
        Assert.Null(config["injectedAnnotations"]);
        Assert.Equal("{{ Template_Version_And_Istio_Version_Mismatched_Check_Installation }}", (string?)config["template"]);
    }

    [Fact]
    public void EveryStockTemplateParsesWithTheTemplateEngine()
    {
        var functions = FunctionTable.Create();
        foreach (var (name, template) in (JsonObject)Config(InstallInputs.Default)["templates"]!)
        {
            var parsed = GoTemplate.Parse(name, (string)template!, functions);
            Assert.NotNull(parsed);
        }
    }

    [Fact]
    public void MeshIsTheChartDefineMergedWithMeshConfig()
    {
        var mesh = MeshOf(InstallInputs.Default);
        Assert.Equal("istiod.istio-system.svc:15012", (string?)At(mesh, "defaultConfig.discoveryAddress"));
        Assert.Equal("cluster.local", (string?)mesh["trustDomain"]);
        Assert.Equal("istio-system", (string?)mesh["rootNamespace"]);
        Assert.Equal("[\"prometheus\"]", Text(At(mesh, "defaultProviders.metrics")));
        Assert.Equal(true, (bool?)mesh["enablePrometheusMerge"]);
        Assert.Null(At(mesh, "defaultConfig.tracing"));
        Assert.Equal(["defaultConfig", "defaultProviders", "enablePrometheusMerge", "rootNamespace", "trustDomain"], mesh.Select(p => p.Key));
        Assert.Equal("", InstallInputs.Default.Revision);
    }

    [Fact]
    public void RevisionNamesTheDiscoveryAddress()
    {
        var texts = InstallInputs.FromOperatorText([], ["revision=asm-1233-2"]);
        Assert.Equal("asm-1233-2", texts.Revision);
        Assert.Equal("istiod-asm-1233-2.istio-system.svc:15012", (string?)At(MeshOf(texts), "defaultConfig.discoveryAddress"));
        Assert.Equal("asm-1233-2", (string?)Values(texts)["revision"]);
        var viaValues = InstallInputs.FromOperatorText([], ["values.revision=asm-1233-2"]);
        Assert.Equal(texts.MeshYaml, viaValues.MeshYaml);
    }

    [Fact]
    public void IstioctlWithNoInputsGivesTheChartDefaults()
    {
        var texts = InstallInputs.FromOperator([], []);
        Assert.Equal(InstallInputs.Default.ValuesJson, texts.ValuesJson);
        Assert.Equal(InstallInputs.Default.ConfigYaml, texts.ConfigYaml);
        Assert.Equal(InstallInputs.Default.MeshYaml, texts.MeshYaml);
    }

    [Fact]
    public void IstioNamespaceMovesDiscoveryAndRoot()
    {
        var texts = InstallInputs.FromOperatorText([], ["values.global.istioNamespace=mesh-system"]);
        var mesh = MeshOf(texts);
        Assert.Equal("istiod.mesh-system.svc:15012", (string?)At(mesh, "defaultConfig.discoveryAddress"));
        Assert.Equal("mesh-system", (string?)mesh["rootNamespace"]);
        var pilotNamespace = InstallInputs.FromOperatorText([], ["components.pilot.namespace=other"]);
        Assert.Equal("istiod.other.svc:15012", (string?)At(MeshOf(pilotNamespace), "defaultConfig.discoveryAddress"));
    }

    [Fact]
    public void TracerAndMeshIdAndVariantShapeDefaultConfig()
    {
        var texts = InstallInputs.FromOperatorText([],
        [
            "values.global.proxy.tracer=zipkin", "values.global.meshID=mesh1", "values.global.variant=distroless",
        ]);
        var mesh = MeshOf(texts);
        Assert.Equal("zipkin.istio-system:9411", (string?)At(mesh, "defaultConfig.tracing.zipkin.address"));
        Assert.Equal("mesh1", (string?)At(mesh, "defaultConfig.meshId"));
        Assert.Equal("distroless", (string?)At(mesh, "defaultConfig.image.imageType"));
        var stackdriver = MeshOf(InstallInputs.FromOperatorText([], ["values.global.proxy.tracer=stackdriver"]));
        Assert.Equal(false, (bool?)At(stackdriver, "defaultConfig.tracing.stackdriver.debug"));
        Assert.Equal(200, (long?)At(stackdriver, "defaultConfig.tracing.stackdriver.maxNumberOfAttributes"));
    }

    [Fact]
    public void MeshConfigDefaultProvidersReplaceTheChartOnes()
    {
        var texts = InstallInputs.FromOperatorText([], ["meshConfig.defaultProviders.metrics[0]=custom"]);
        Assert.Equal("[\"custom\"]", Text(At(MeshOf(texts), "defaultProviders.metrics")));
    }

    [Fact]
    public void OpenShiftPlatformProfileSetsMultus()
    {
        var texts = InstallInputs.FromOperatorText([], ["values.global.platform=openshift", "components.cni.enabled=true"]);
        var values = Values(texts);
        Assert.Equal("multus", (string?)At(values, "pilot.cni.provider"));
        Assert.Equal(true, (bool?)At(values, "pilot.cni.enabled"));
    }

    [Fact]
    public void UserTemplatesJoinTheStockOnesAndMayReplaceThem()
    {
        var texts = InstallInputs.FromOperatorText([],
        [
            "values.sidecarInjectorWebhook.templates.hello=metadata: {}",
            "values.sidecarInjectorWebhook.templates.sidecar=spec: {}",
            "values.sidecarInjectorWebhook.defaultTemplates[0]=sidecar",
            "values.sidecarInjectorWebhook.defaultTemplates[1]=hello",
            "values.sidecarInjectorWebhook.injectedAnnotations.a\\.b/c=x",
        ]);
        var config = Config(texts);
        Assert.Equal("metadata: {}", (string?)At(config, "templates.hello"));
        Assert.Equal("spec: {}", (string?)At(config, "templates.sidecar"));
        Assert.Equal(9, ((JsonObject)config["templates"]!).Count);
        Assert.Equal("[\"sidecar\",\"hello\"]", Text(config["defaultTemplates"]));
        Assert.Equal("x", (string?)((JsonObject)config["injectedAnnotations"]!)["a.b/c"]);
    }

    [Fact]
    public void CompatibilityVersionAppliesTheChartProfileUnderUserValues()
    {
        var texts = InstallInputs.FromOperatorText([], ["compatibilityVersion=1.27", "values.pilot.env.DISABLE_SHADOW_HOST_SUFFIX=true"]);
        var values = Values(texts);
        Assert.Equal("false", (string?)At(values, "pilot.env.PILOT_SPAWN_UPSTREAM_SPAN_FOR_GATEWAY"));
        Assert.Equal(true, (bool?)At(values, "pilot.env.DISABLE_SHADOW_HOST_SUFFIX"));
    }
}
