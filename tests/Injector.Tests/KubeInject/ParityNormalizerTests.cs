using System.Text.Json.Nodes;

namespace Injector.Tests.KubeInject;

public sealed class ParityNormalizerTests
{
    [Fact]
    public void DropsWhatTheParityRulesIgnore()
    {
        var pod = JsonNode.Parse("""
            {"metadata":{"creationTimestamp":null,"annotations":{"sidecar.istio.io/status":"{}","keep":"me"}},
             "spec":{"containers":[{"name":"c","resources":{},"env":[{"name":"N","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}}],"ports":[]}]},
             "status":{}}
            """);
        var expected = JsonNode.Parse("""
            {"metadata":{"annotations":{"keep":"me"}},
             "spec":{"containers":[{"name":"c","env":[{"name":"N","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]}]}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, ParityNormalizer.Normalize(pod)), ParityNormalizer.Normalize(pod)?.ToJsonString());
    }

    [Fact]
    public void KeepsDifferencesThatMatter()
    {
        var a = ParityNormalizer.Normalize(JsonNode.Parse("{\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}"));
        var b = ParityNormalizer.Normalize(JsonNode.Parse("{\"spec\":{\"containers\":[{\"name\":\"b\"},{\"name\":\"a\"}]}}"));
        Assert.False(JsonNode.DeepEquals(a, b)); // arrays stay ordered
    }
}
