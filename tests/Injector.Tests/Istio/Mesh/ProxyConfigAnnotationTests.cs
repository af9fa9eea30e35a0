using System.Diagnostics;
using System.Text;
using Injector.Istio.Mesh;
using Xunit;

namespace Injector.Tests.Istio.Mesh;

/// <summary>The pod's <c>proxy.istio.io/config</c>: mesh.ApplyProxyConfig, the webhook's EffectiveProxyConfig,
/// validate.go's validateProxyConfig, and hostile text.</summary>
public class ProxyConfigAnnotationTests
{
    private static readonly MeshConfig Mesh = MeshConfig.Apply("""
        defaultConfig:
          proxyMetadata: {ISTIO_META_DNS_CAPTURE: "true", A: mesh}
          tracing: {sampling: 1, zipkin: {address: zipkin.istio-system:9411}}
          holdApplicationUntilProxyStarts: true
        """, MeshConfig.Default);

    [Fact]
    public void AnnotationMergesOverTheMeshDefaultConfig()
    {
        var pc = Mesh.WithProxyConfigAnnotation("""
            discoveryAddress: foo:123
            proxyMetadata: {A: pod}
            tracing: {datadog: {address: "$(HOST_IP):8126"}}
            image: {imageType: distroless}
            """).DefaultConfig;
        Assert.Equal("foo:123", pc.DiscoveryAddress);
        Assert.Equal(["A=pod", "ISTIO_META_DNS_CAPTURE=true"], pc.ProxyMetadata.Select(p => p.Key + "=" + p.Value));
        // ApplyProxyConfig replaces a message whole: the mesh's sampling is gone.
        Assert.Equal("""{"datadog":{"address":"$(HOST_IP):8126"}}""", pc.Tracing!.ToJsonString());
        Assert.Equal("distroless", pc.ImageType);
        Assert.True(pc.HoldApplicationUntilProxyStarts);
        // The mesh itself is unchanged.
        Assert.Null(Mesh.DefaultConfig.ImageType);
    }

    [Fact]
    public void WebhookMergeIsProtoMergeWithPrecedence()
    {
        var pc = Mesh.EffectiveProxyConfig("""
            tracing: {datadog: {address: "$(HOST_IP):8126"}}
            holdApplicationUntilProxyStarts: false
            concurrency: 0
            """);
        // proto.Merge: the tracer oneof is replaced, sampling kept; a false wrapper does not clear a true one.
        Assert.Equal("""{"datadog":{"address":"$(HOST_IP):8126"},"sampling":1}""", pc.Tracing!.ToJsonString());
        Assert.True(pc.HoldApplicationUntilProxyStarts);
        Assert.Equal(0, pc.Concurrency);
    }

    [Fact]
    public void WebhookIgnoresAnUnreadableAnnotation()
    {
        Assert.Equal(Mesh.DefaultConfig.ToProtoJson(), Mesh.EffectiveProxyConfig("drainDuration: [").ToProtoJson());
    }

    [Fact]
    public void AnnotationErrorsNameThePath()
    {
        var e = Assert.Throws<MeshConfigException>(() => Mesh.WithProxyConfigAnnotation("tracing: {sampling: high}"));
        Assert.Equal("proxyConfig.tracing.sampling: json: cannot unmarshal string into Go value of type float64", e.Message);
    }

    [Theory]
    [InlineData("discoveryAddress: foo:123", null)]
    [InlineData("holdApplicationUntilProxyStarts: true", null)]
    [InlineData("unknownField: 1", null)]
    [InlineData("drainDuration: 1500ms", "1 error occurred:\n\t* drain time only supports durations to seconds precision\n\n")]
    [InlineData("statusPort: 0\nproxyAdminPort: 0",
        "2 errors occurred:\n\t* invalid proxy admin port: port number 0 must be in the range 1..65535\n\t* invalid status port: port number 0 must be in the range 1..65535\n\n")]
    [InlineData("tracing: {zipkin: {address: bad}}", "1 error occurred:\n\t* invalid zipkin config: unable to split \"bad\": address bad: missing port in address\n\n")]
    [InlineData("controlPlaneAuthPolicy: INHERIT", "1 error occurred:\n\t* invalid authentication policy: unrecognized control plane auth policy \"INHERIT\"\n\n")]
    [InlineData("drainDuration: soon", "failed to convert to apply proxy config: proxyConfig.drainDuration: bad Duration: time: invalid duration \"soon\"")]
    public void ValidationIsValidateProxyConfigs(string annotation, string? message)
    {
        Assert.Equal(message, MeshConfig.ValidateProxyConfigAnnotation(annotation));
    }

    [Fact]
    public void DeepNestingFailsFast()
    {
        var text = "tracing: " + new string('[', 100_000);
        AssertFailsFast(text, "proxyConfig: yaml:");
    }

    [Fact]
    public void AliasBombFailsFast()
    {
        var sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++) sb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        AssertFailsFast(sb.ToString(), "proxyConfig: yaml:");
    }

    [Fact]
    public void HugeTextFailsFast()
    {
        AssertFailsFast("discoveryAddress: " + new string('a', 2_000_000), "proxyConfig: yaml:");
    }

    [Fact]
    public void ManyKeysWithinTheLimitsAreLinear()
    {
        var sb = new StringBuilder("proxyMetadata:\n");
        for (var i = 0; i < 4000; i++) sb.Append("  K").Append(i).Append(": v\n");
        var watch = Stopwatch.StartNew();
        var pc = Mesh.WithProxyConfigAnnotation(sb.ToString()).DefaultConfig;
        Assert.Equal(4002, pc.ProxyMetadata.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
    }

    private static void AssertFailsFast(string text, string prefix)
    {
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<MeshConfigException>(() => Mesh.WithProxyConfigAnnotation(text));
        Assert.StartsWith(prefix, e.Message);
        Assert.Contains("proxyConfig: yaml:", MeshConfig.ValidateProxyConfigAnnotation(text));
        Assert.Equal(Mesh.DefaultConfig.ToProtoJson(), Mesh.EffectiveProxyConfig(text).ToProtoJson());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), watch.Elapsed.ToString());
    }
}
