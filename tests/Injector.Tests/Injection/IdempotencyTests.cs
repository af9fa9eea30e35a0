using System.Text.Json.Nodes;
using Injector.Tests.Parity;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

/// <summary>Injecting an injected pod gives the same pod: ours is replaced, never duplicated.</summary>
public sealed class IdempotencyTests
{
    public static TheoryData<string, string> Pods() => new()
    {
        { "plain", Pod() },
        { "probes and hooks", Pod(containers: "[{\"name\":\"web\",\"image\":\"w\",\"ports\":[{\"name\":\"http\",\"containerPort\":8080}],"
            + "\"readinessProbe\":{\"httpGet\":{\"port\":\"http\",\"path\":\"/ready\"},\"timeoutSeconds\":2},"
            + "\"livenessProbe\":{\"tcpSocket\":{\"port\":8080}},\"startupProbe\":{\"grpc\":{\"port\":9090}},"
            + "\"lifecycle\":{\"preStop\":{\"httpGet\":{\"port\":8080,\"path\":\"/stop\"}}}}]") },
        { "user volumes", Pod("\"annotations\":{\"sidecar.istio.io/userVolume\":\"{\\\"v\\\":{\\\"emptyDir\\\":{}}}\",\"sidecar.istio.io/userVolumeMount\":\"{\\\"v\\\":{\\\"mountPath\\\":\\\"/v\\\"}}\"}") },
        { "prometheus settings", Pod("\"annotations\":{\"prometheus.io/port\":\"9090\",\"prometheus.io/scrape\":\"true\"}") },
        { "user istio-proxy", Pod(containers: "[{\"name\":\"app\",\"image\":\"a\"},{\"name\":\"istio-proxy\",\"image\":\"custom/proxy:1\"}]") },
        { "gateway", Pod("\"annotations\":{\"inject.istio.io/templates\":\"gateway\"}", containers: "[{\"name\":\"istio-proxy\",\"image\":\"auto\"}]") },
        { "grpc-agent", Pod("\"annotations\":{\"inject.istio.io/templates\":\"grpc-agent\"}") },
        { "core dump", Pod("\"annotations\":{\"sidecar.istio.io/enableCoreDump\":\"true\"}") },
        { "user init containers", Pod(specExtra: "\"initContainers\":[{\"name\":\"migrate\",\"image\":\"m\"}]") },
    };

    [Theory]
    [MemberData(nameof(Pods))]
    public void ReinjectionEqualsInjectingOnce(string name, string podJson)
    {
        var once = Inject(podJson);
        var twice = Inject(once.ToJsonString());
        var difference = JsonComparison.FirstDifference(once, twice);
        Assert.True(difference is null, name + ": " + difference);
    }

    [Fact]
    public void ClassicReinjectionDoesNotDuplicateTheProxy()
    {
        var revision = Revision("revision: default\nnativeSidecars: false\n");
        var once = Inject(Pod(), revision);
        var twice = Inject(once.ToJsonString(), revision);
        Assert.Equal(2, twice["spec"]!["containers"]!.AsArray().Count);
        Assert.Null(JsonComparison.FirstDifference(once, twice));
    }

    [Fact]
    public void ProbeRewriteRecordsOriginalsOnce()
    {
        var once = Inject(Pod(containers: "[{\"name\":\"web\",\"image\":\"w\",\"ports\":[{\"name\":\"http\",\"containerPort\":8080}],"
            + "\"readinessProbe\":{\"httpGet\":{\"port\":\"http\",\"path\":\"/ready\",\"scheme\":\"HTTPS\"},\"timeoutSeconds\":2}}]"));
        var probe = once["spec"]!["containers"]![0]!["readinessProbe"]!;
        Assert.Equal("/app-health/web/readyz", (string?)probe["httpGet"]!["path"]);
        Assert.Equal(15020, (int)probe["httpGet"]!["port"]!);
        Assert.Equal("HTTP", (string?)probe["httpGet"]!["scheme"]);
        Assert.Equal(2, (int)probe["timeoutSeconds"]!);
        Assert.Equal("{\"/app-health/web/readyz\":{\"httpGet\":{\"path\":\"/ready\",\"port\":8080,\"scheme\":\"HTTPS\"},\"timeoutSeconds\":2}}",
            (string?)Env(once, "ISTIO_KUBE_APP_PROBERS")!["value"]);
    }
}
