using Injector.Injection;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

public sealed class DenialTests
{
    [Theory]
    [InlineData("sidecar.istio.io/interceptionMode", "BOGUS")]
    [InlineData("status.sidecar.istio.io/port", "70000")]
    [InlineData("status.sidecar.istio.io/port", "abc")]
    [InlineData("readiness.status.sidecar.istio.io/periodSeconds", "-1")]
    [InlineData("traffic.sidecar.istio.io/excludeInboundPorts", "80,http")]
    [InlineData("traffic.sidecar.istio.io/includeInboundPorts", "0")]
    [InlineData("traffic.sidecar.istio.io/includeOutboundIPRanges", "10.0.0.0/33")]
    [InlineData("traffic.sidecar.istio.io/excludeOutboundIPRanges", "*")]
    [InlineData("sidecar.istio.io/proxyCPU", "lots")]
    [InlineData("sidecar.istio.io/proxyMemoryLimit", "1GB")]
    [InlineData("sidecar.istio.io/enableCoreDump", "yes")]
    [InlineData("sidecar.istio.io/rewriteAppHTTPProbers", "1")]
    [InlineData("sidecar.istio.io/userVolume", "{not json")]
    [InlineData("sidecar.istio.io/userVolumeMount", "[1]")]
    [InlineData("inject.istio.io/templates", "sidecar,nope")]
    [InlineData("inject.istio.io/templates", "grpc-simple")]
    [InlineData("proxy.istio.io/config", "[1, 2]")]
    [InlineData("proxy.istio.io/config", "concurrency: [unclosed")]
    public void InvalidOverrideAnnotationIsDeniedNamingKeyAndValue(string key, string value)
    {
        var outcome = Run(Pod("\"annotations\":{\"" + key + "\":" + System.Text.Json.JsonSerializer.Serialize(value) + "}"));
        Assert.Equal(InjectionOutcome.Denied, outcome.Result.Outcome);
        Assert.Contains(key, outcome.Result.Reason);
        Assert.Contains("\"" + value + "\"", outcome.Result.Reason);
    }

    [Theory]
    [InlineData("traffic.sidecar.istio.io/includeOutboundIPRanges", "")]
    [InlineData("traffic.sidecar.istio.io/excludeOutboundIPRanges", "10.96.0.2/24, 192.168.0.0/16")]
    [InlineData("traffic.sidecar.istio.io/includeInboundPorts", "*")]
    [InlineData("status.sidecar.istio.io/port", "0")]
    [InlineData("sidecar.istio.io/proxyMemory", "1.5Gi")]
    [InlineData("sidecar.istio.io/proxyCPU", "2")]
    [InlineData("proxy.istio.io/config", "{\"concurrency\":2}")]
    [InlineData("proxy.istio.io/config", "concurrency: 2")]
    public void ValidValuesAreAccepted(string key, string value)
    {
        var outcome = Run(Pod("\"annotations\":{\"" + key + "\":" + System.Text.Json.JsonSerializer.Serialize(value) + "}"));
        Assert.Equal(InjectionOutcome.Injected, outcome.Result.Outcome);
    }

    [Fact]
    public void ForbiddenAnnotationDeniesThePod()
    {
        var revision = Revision("revision: default\nforbiddenAnnotations: [sidecar.istio.io/bootstrapOverride]\n");
        var outcome = Run(Pod("\"annotations\":{\"sidecar.istio.io/bootstrapOverride\":\"cm\"}"), revision);
        Assert.Equal(InjectionOutcome.Denied, outcome.Result.Outcome);
        Assert.Contains("sidecar.istio.io/bootstrapOverride", outcome.Result.Reason);
        Assert.Contains("forbidden", outcome.Result.Reason);
        Assert.Equal(InjectionOutcome.Injected, Run(Pod(), revision).Result.Outcome);
    }

    [Fact]
    public void SkippedPodsAreNotValidated()
    {
        // istiod validates only pods it injects; an opted-out pod with junk annotations is simply left alone.
        var outcome = Run(Pod("\"annotations\":{\"sidecar.istio.io/inject\":\"false\",\"sidecar.istio.io/interceptionMode\":\"BOGUS\"}"));
        Assert.Equal(InjectionOutcome.Skipped, outcome.Result.Outcome);
    }
}
