using System.Diagnostics;
using System.Text;
using Injector.Templates;
using Injector.Templates.Functions;
using Injector.Templates.Values;
using Injector.Tests.Support;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Injector.Tests.Templates;

/// <summary>
/// Istio's stock <c>sidecar</c> template rendered over a small hand-built pod and install: it must render, be YAML, and
/// carry what the template computes from the data (the app container's name, excluded ports, the pod's ports as JSON).
/// The data stands in for Istio's structs with maps where a template only reads fields, and with struct fakes where it
/// calls methods (<c>InterceptionMode.String</c>, <c>HoldApplicationUntilProxyStarts.GetValue</c>, <c>protoToJSON</c>).
/// </summary>
public sealed class SidecarTemplateTests(ITestOutputHelper output)
{
    private const string ValuesJson = """
        {
          "global": {
            "hub": "docker.io/istio", "tag": "1.26.0", "imagePullPolicy": "", "istioNamespace": "istio-system",
            "caAddress": "", "pilotCertProvider": "istiod", "logAsJson": false, "logging": {"level": "default:info"},
            "proxy": {
              "image": "proxyv2", "privileged": false, "statusPort": 15020, "clusterDomain": "cluster.local",
              "logLevel": "warning", "componentLogLevel": "misc:error", "includeIPRanges": "*", "excludeIPRanges": "",
              "includeInboundPorts": "*", "excludeInboundPorts": "", "includeOutboundPorts": "", "excludeOutboundPorts": "",
              "readinessInitialDelaySeconds": 0, "readinessPeriodSeconds": 15, "readinessFailureThreshold": 4,
              "startupProbe": {"enabled": true, "failureThreshold": 600},
              "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "2000m", "memory": "1Gi", "ephemeral": null}},
              "holdApplicationUntilProxyStarts": false, "capNetBindService": false, "tracer": "none", "lifecycle": {}
            },
            "proxy_init": {"image": "proxyv2", "forceApplyIptables": false},
            "sds": {"token": {"aud": "istio-ca"}},
            "multiCluster": {"clusterName": ""}, "network": "", "meshID": "", "trustDomain": "cluster.local",
            "caName": "", "mountMtlsCerts": false, "imagePullSecrets": []
          },
          "pilot": {"cni": {"enabled": false, "provider": "default"}},
          "revision": ""
        }
        """;

    [Fact]
    public void StockSidecarTemplateRendersOverAHandBuiltPod()
    {
        var template = Parse();
        string rendered = template.Execute(SidecarData());

        var yaml = new YamlStream();
        yaml.Load(new StringReader(rendered));
        Assert.Single(yaml.Documents);
        Assert.Contains("- name: istio-init", rendered);
        Assert.Contains("- name: istio-proxy", rendered);
        Assert.Contains("image: \"docker.io/istio/proxyv2:1.26.0\"", rendered);
        Assert.Contains("kubectl.kubernetes.io/default-container: \"app\"", rendered);
        Assert.Contains("service.istio.io/canonical-name: \"web\"", rendered);
        Assert.Contains("- \"15090,15021,15020\"", rendered);
        Assert.Contains("{\"ContainerPort\":8080,\"Name\":\"http\",\"Protocol\":\"TCP\"}", rendered);
        Assert.Contains("value: \"app\"", rendered);
        Assert.Contains("cpu: \"200m\"", rendered);
        Assert.Contains("{\"discoveryAddress\":\"istiod.istio-system.svc:15012\"}", rendered);
        Assert.DoesNotContain("<no value>", rendered);
    }

    [Fact]
    public void RenderingTheSidecarTemplateIsCheap()
    {
        // A measurement, not a timed assertion: the cost is printed for the record (performance notes in docs).
        var template = Parse();
        var data = SidecarData();
        var builder = new StringBuilder(16 * 1024);
        for (int i = 0; i < 200; i++)
        {
            builder.Clear();
            template.Execute(data, builder);
        }
        const int Runs = 2000;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long cpuBefore = ThreadCpuNanoseconds();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Runs; i++)
        {
            builder.Clear();
            template.Execute(data, builder);
        }
        watch.Stop();
        long cpu = ThreadCpuNanoseconds() - cpuBefore;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine($"sidecar template: {cpu / 1000.0 / Runs:F1} µs of this thread's CPU ({watch.Elapsed.TotalMicroseconds / Runs:F1} µs wall), "
            + $"{allocated / Runs} bytes allocated per render ({builder.Length} chars)");
        Assert.True(builder.Length > 1000);
    }

    /// <summary>This thread's CPU time (Linux schedstat), so that a busy machine does not inflate the figure; 0 elsewhere.</summary>
    private static long ThreadCpuNanoseconds()
    {
        try
        {
            var fields = File.ReadAllText("/proc/thread-self/schedstat").Split(' ');
            return long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    private static GoTemplate Parse() => GoTemplate.Parse(
        "inject",
        File.ReadAllText(Path.Combine(TestPaths.TestData, "istio", "templates", "injection-template.yaml")),
        FunctionTable.Create());

    internal static FakeStruct SidecarData()
    {
        var objectMeta = new FakeStruct("v1.ObjectMeta")
            .Field("Name", "", "name", omitEmpty: true)
            .Field("Namespace", "prod", "namespace", omitEmpty: true)
            .Field("Labels", TemplateFixtures.Strings(("app", "web"), ("version", "v1")), "labels", omitEmpty: true)
            .Field("Annotations", TemplateFixtures.Strings(("sidecar.istio.io/proxyCPU", "200m")), "annotations", omitEmpty: true);
        // Maps standing in for structs are read by Go field name, as the template reads the structs.
        var spec = TemplateFixtures.Json("""
            {"ServiceAccountName": "web", "Containers": [
              {"Name": "app", "Image": "web:1.0", "Ports": [{"Name": "http", "ContainerPort": 8080, "Protocol": "TCP"}]}
            ]}
            """);
        var holdApplication = new GoNilPointer("*wrapperspb.BoolValue", name => name == "GetValue" ? _ => false : null);
        var proxyConfig = new FakeProxyConfig("{\"discoveryAddress\":\"istiod.istio-system.svc:15012\"}")
            .Field("InterceptionMode", new GoEnum("v1alpha1.ProxyConfig_InboundInterceptionMode", 0, "REDIRECT"))
            .Field("ProxyMetadata", GoStringMap.Nil)
            .Field("HoldApplicationUntilProxyStarts", holdApplication);
        return new FakeStruct("*inject.SidecarTemplateData")
            .Field("TypeMeta", TemplateFixtures.Json("""{"Kind": "Pod", "APIVersion": "v1"}"""))
            .Field("DeploymentMeta", TemplateFixtures.Json("""{"Name": "web", "Namespace": "prod"}"""))
            .Field("ObjectMeta", objectMeta)
            .Field("Spec", spec)
            .Field("ProxyConfig", proxyConfig)
            .Field("MeshConfig", TemplateFixtures.Json("""{"TrustDomain": "cluster.local"}"""))
            .Field("Values", TemplateFixtures.Json(ValuesJson))
            .Field("Revision", "")
            .Field("NativeSidecars", false)
            .Field("ProxyImage", "docker.io/istio/proxyv2:1.26.0")
            .Field("ProxyInitImage", "docker.io/istio/proxyv2:1.26.0")
            .Field("ProxyUID", 1337L)
            .Field("ProxyGID", 1337L)
            .Field("InboundTrafficPolicyMode", "")
            .Field("CompliancePolicy", "");
    }
}

/// <summary>A ProxyConfig stand-in that answers <c>protoToJSON</c> with fixed protojson.</summary>
internal sealed class FakeProxyConfig(string protoJson) : GoStruct, IProtoMessageValue
{
    private readonly FakeStruct fields = new("*v1alpha1.ProxyConfig");

    public override string TypeName => "*v1alpha1.ProxyConfig";

    public FakeProxyConfig Field(string name, object? value)
    {
        fields.Field(name, value);
        return this;
    }

    public override bool TryGetField(string name, out object? value) => fields.TryGetField(name, out value);

    public override void WriteJson(System.Text.Json.Utf8JsonWriter writer) => fields.WriteJson(writer);

    public override string FormatValue() => fields.FormatValue();

    public string ToProtoJson() => protoJson;
}
