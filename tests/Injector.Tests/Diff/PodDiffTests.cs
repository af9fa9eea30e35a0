using System.Text.Json.Nodes;
using Injector.Operations.Diff;

namespace Injector.Tests.Diff;

public sealed class PodDiffTests
{
    private static List<string> Diff(string from, string to) =>
        [.. PodDiff.Compare(JsonNode.Parse(from)!, JsonNode.Parse(to)!).Select(c =>
            c.Kind switch
            {
                ChangeKind.Added => "+ " + c.Path + " " + c.To!.ToJsonString(),
                ChangeKind.Removed => "- " + c.Path + " " + c.From!.ToJsonString(),
                _ => "~ " + c.Path + " " + c.From?.ToJsonString() + " -> " + c.To?.ToJsonString(),
            })];

    [Fact]
    public void NamedListsAreComparedItemByItem()
    {
        Assert.Equal(
            ["- spec.containers[a] {\"name\":\"a\"}", "~ spec.containers[b].image \"b:1\" -> \"b:2\"", "+ spec.containers[c] {\"name\":\"c\"}"],
            Diff("""{"spec":{"containers":[{"name":"a"},{"name":"b","image":"b:1"}]}}""",
                 """{"spec":{"containers":[{"name":"b","image":"b:2"},{"name":"c"}]}}"""));
    }

    [Fact]
    public void ReorderingANamedListIsNoDifference()
    {
        Assert.Empty(Diff("""{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}""", """{"env":[{"name":"B","value":"2"},{"name":"A","value":"1"}]}"""));
    }

    [Fact]
    public void UnnamedOrDuplicateNamedListsChangeWhole()
    {
        Assert.Equal(["~ args [\"a\",\"b\"] -> [\"a\",\"c\"]"], Diff("""{"args":["a","b"]}""", """{"args":["a","c"]}"""));
        Assert.Equal(["~ mounts [{\"name\":\"v\",\"mountPath\":\"/a\"},{\"name\":\"v\",\"mountPath\":\"/b\"}] -> [{\"name\":\"v\",\"mountPath\":\"/a\"}]"],
            Diff("""{"mounts":[{"name":"v","mountPath":"/a"},{"name":"v","mountPath":"/b"}]}""", """{"mounts":[{"name":"v","mountPath":"/a"}]}"""));
    }

    [Fact]
    public void JsonInAStringIsComparedKeyByKeyOnce()
    {
        Assert.Equal(
            ["~ env[PROXY_CONFIG].value.discoveryAddress \"old:15012\" -> \"new:15012\"", "+ env[PROXY_CONFIG].value.holdApplicationUntilProxyStarts true"],
            Diff("""{"env":[{"name":"PROXY_CONFIG","value":"{\"discoveryAddress\":\"old:15012\",\"nested\":\"{\\\"a\\\":1}\"}"}]}""",
                 """{"env":[{"name":"PROXY_CONFIG","value":"{\"discoveryAddress\":\"new:15012\",\"nested\":\"{\\\"a\\\":1}\",\"holdApplicationUntilProxyStarts\":true}"}]}"""));
        // A string inside the embedded object is not parsed again: it changes as text.
        Assert.Equal(["~ a.value.nested \"{\\u0022x\\u0022:1}\" -> \"{\\u0022x\\u0022:2}\""],
            Diff("""{"a":{"value":"{\"nested\":\"{\\\"x\\\":1}\"}"}}""", """{"a":{"value":"{\"nested\":\"{\\\"x\\\":2}\"}"}}"""));
    }

    [Fact]
    public void KeysThatAreNotIdentifiersAreQuoted()
    {
        Assert.Equal(["+ metadata.annotations[\"sidecar.istio.io/status\"] \"x\""],
            Diff("""{"metadata":{"annotations":{}}}""", """{"metadata":{"annotations":{"sidecar.istio.io/status":"x"}}}"""));
    }

    [Fact]
    public void TypeChangesAreChanges()
    {
        Assert.Equal(["~ a 1 -> \"1\"", "~ b {} -> []"], Diff("""{"a":1,"b":{}}""", """{"a":"1","b":[]}"""));
    }
}
