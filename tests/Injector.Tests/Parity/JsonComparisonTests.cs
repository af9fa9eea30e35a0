using System.Text.Json.Nodes;

namespace Injector.Tests.Parity;

/// <summary>The comparison itself must be right, or every parity result means nothing.</summary>
public sealed class JsonComparisonTests
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
        Assert.Null(JsonComparison.FirstDifference(expected, JsonComparison.Normalize(pod)));
    }

    [Fact]
    public void ArraysStayOrderedAndObjectsDoNot()
    {
        var ab = JsonComparison.Normalize(JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b"}]}}"""));
        var ba = JsonComparison.Normalize(JsonNode.Parse("""{"spec":{"containers":[{"name":"b"},{"name":"a","image":"x"}]}}"""));
        var reordered = JsonComparison.Normalize(JsonNode.Parse("""{"spec":{"containers":[{"image":"x","name":"a"},{"name":"b"}]}}"""));
        Assert.StartsWith("$.spec.containers[0].", JsonComparison.FirstDifference(ab, ba));
        Assert.Null(JsonComparison.FirstDifference(ab, reordered));
    }
}
