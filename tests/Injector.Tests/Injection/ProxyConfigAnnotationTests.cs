using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

public sealed class ProxyConfigAnnotationTests
{
    [Theory]
    [InlineData("{\"concurrency\": 2, \"tracing\": {\"sampling\": 1.5}}", "{\"concurrency\":2,\"tracing\":{\"sampling\":1.5}}\n")]
    [InlineData("concurrency: 2\nterminationDrainDuration: 30s\nproxyMetadata:\n  A: \"1\"\n", "{\"concurrency\":2,\"terminationDrainDuration\":\"30s\",\"proxyMetadata\":{\"A\":\"1\"}}\n")]
    [InlineData("holdApplicationUntilProxyStarts: true", "{\"holdApplicationUntilProxyStarts\":true}\n")]
    public void YamlOrJsonReachesTheAgentAsCompactJson(string annotation, string expected)
    {
        var pod = Inject(Pod("\"annotations\":{\"proxy.istio.io/config\":" + System.Text.Json.JsonSerializer.Serialize(annotation) + "}"));
        Assert.Equal(expected, (string?)Env(pod, "PROXY_CONFIG")!["value"]);
    }

    [Fact]
    public void WithoutTheAnnotationTheConfigIsEmpty()
    {
        Assert.Equal("{}\n", (string?)Env(Inject(Pod()), "PROXY_CONFIG")!["value"]);
    }

    [Fact]
    public void HoldApplicationInTheAnnotationPutsTheClassicProxyFirst()
    {
        var revision = Revision("revision: default\nnativeSidecars: false\n");
        var pod = Inject(Pod("\"annotations\":{\"proxy.istio.io/config\":\"holdApplicationUntilProxyStarts: true\"}"), revision);
        Assert.Equal("istio-proxy", (string?)pod["spec"]!["containers"]![0]!["name"]);
    }
}
