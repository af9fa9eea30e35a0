using System.Text.Json.Nodes;
using Injector.Workloads;

namespace Injector.Tests.Workloads;

public sealed class JsonPatchApplierTests
{
    public static TheoryData<string, string, string, string> Applies => new()
    {
        { "add member", "{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/b\",\"value\":{\"c\":[1]}}]", "{\"a\":1,\"b\":{\"c\":[1]}}" },
        { "add replaces existing member", "{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/a\",\"value\":2}]", "{\"a\":2}" },
        { "append with -", "{\"l\":[1]}", "[{\"op\":\"add\",\"path\":\"/l/-\",\"value\":2}]", "{\"l\":[1,2]}" },
        { "insert at index", "{\"l\":[1,3]}", "[{\"op\":\"add\",\"path\":\"/l/1\",\"value\":2}]", "{\"l\":[1,2,3]}" },
        { "insert at end index", "{\"l\":[1]}", "[{\"op\":\"add\",\"path\":\"/l/1\",\"value\":2}]", "{\"l\":[1,2]}" },
        { "escaped slash", "{\"m\":{}}", "[{\"op\":\"add\",\"path\":\"/m/sidecar.istio.io~1status\",\"value\":\"x\"}]", "{\"m\":{\"sidecar.istio.io/status\":\"x\"}}" },
        { "escaped tilde", "{}", "[{\"op\":\"add\",\"path\":\"/a~0b~01\",\"value\":1}]", "{\"a~b~1\":1}" },
        { "remove member", "{\"a\":1,\"b\":2}", "[{\"op\":\"remove\",\"path\":\"/a\"}]", "{\"b\":2}" },
        { "remove element", "{\"l\":[1,2,3]}", "[{\"op\":\"remove\",\"path\":\"/l/1\"}]", "{\"l\":[1,3]}" },
        { "replace member", "{\"a\":{\"b\":1}}", "[{\"op\":\"replace\",\"path\":\"/a/b\",\"value\":null}]", "{\"a\":{\"b\":null}}" },
        { "replace element", "{\"l\":[1,2]}", "[{\"op\":\"replace\",\"path\":\"/l/0\",\"value\":9}]", "{\"l\":[9,2]}" },
        { "replace root", "{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"\",\"value\":[1]}]", "[1]" },
        { "operations in order", "{}", "[{\"op\":\"add\",\"path\":\"/l\",\"value\":[]},{\"op\":\"add\",\"path\":\"/l/-\",\"value\":1},{\"op\":\"add\",\"path\":\"/l/0\",\"value\":0}]", "{\"l\":[0,1]}" },
    };

    [Theory]
    [MemberData(nameof(Applies))]
    public void AppliesOperations(string caseName, string document, string patch, string expected)
    {
        var result = JsonPatchApplier.Apply(JsonNode.Parse(document), (JsonArray)JsonNode.Parse(patch)!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), caseName + ": " + result?.ToJsonString());
    }

    [Fact]
    public void ReplaceKeepsKeyOrder()
    {
        var result = JsonPatchApplier.Apply(JsonNode.Parse("{\"a\":1,\"b\":2}"), (JsonArray)JsonNode.Parse("[{\"op\":\"replace\",\"path\":\"/a\",\"value\":3}]")!);
        Assert.Equal("{\"a\":3,\"b\":2}", result!.ToJsonString());
    }

    [Fact]
    public void PatchValuesAreCopiedSoAPatchCanBeAppliedTwice()
    {
        var patch = (JsonArray)JsonNode.Parse("[{\"op\":\"add\",\"path\":\"/a\",\"value\":{\"x\":1}}]")!;
        var first = JsonPatchApplier.Apply(JsonNode.Parse("{}"), patch)!;
        var second = JsonPatchApplier.Apply(JsonNode.Parse("{}"), patch)!;
        first["a"]!["x"] = 2;
        Assert.Equal(1L, second["a"]!["x"]!.GetValue<long>());
    }

    public static TheoryData<string, string, string, string> Failures => new()
    {
        { "missing parent", "{}", "[{\"op\":\"add\",\"path\":\"/a/b\",\"value\":1}]", "does not exist" },
        { "index past end", "{\"l\":[1]}", "[{\"op\":\"add\",\"path\":\"/l/2\",\"value\":1}]", "out of range" },
        { "leading zero index", "{\"l\":[1,2]}", "[{\"op\":\"remove\",\"path\":\"/l/01\"}]", "not an array index" },
        { "remove missing", "{}", "[{\"op\":\"remove\",\"path\":\"/a\"}]", "does not exist" },
        { "replace missing", "{}", "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":1}]", "does not exist" },
        { "bad pointer", "{}", "[{\"op\":\"add\",\"path\":\"a\",\"value\":1}]", "start with '/'" },
        { "bad escape", "{}", "[{\"op\":\"add\",\"path\":\"/a~2\",\"value\":1}]", "'~'" },
        { "unsupported op", "{}", "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/b\"}]", "not supported" },
        { "no value", "{}", "[{\"op\":\"add\",\"path\":\"/a\"}]", "no 'value'" },
        { "no op", "{}", "[{\"path\":\"/a\"}]", "'op'" },
        { "not an object", "{}", "[1]", "not an object" },
        { "into a scalar", "{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/a/b\",\"value\":1}]", "not an object or array" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void BadPatchesFailWithTheOperationIndex(string caseName, string document, string patch, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => JsonPatchApplier.Apply(JsonNode.Parse(document), (JsonArray)JsonNode.Parse(patch)!));
        Assert.Contains("operation 0", ex.Message);
        Assert.Contains(expected, ex.Message);
        _ = caseName;
    }

    [Fact]
    public void AgreesWithAspNetCoreJsonPatchOnAnInjectionShapedPatch()
    {
        const string pod = "{\"metadata\":{\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":[{\"name\":\"app\"}]}}";
        const string patch = "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{}},"
            + "{\"op\":\"add\",\"path\":\"/metadata/annotations/sidecar.istio.io~1status\",\"value\":\"{}\"},"
            + "{\"op\":\"add\",\"path\":\"/spec/initContainers\",\"value\":[{\"name\":\"istio-proxy\"}]},"
            + "{\"op\":\"add\",\"path\":\"/spec/containers/0\",\"value\":{\"name\":\"first\"}},"
            + "{\"op\":\"replace\",\"path\":\"/metadata/labels/app\",\"value\":\"y\"},"
            + "{\"op\":\"remove\",\"path\":\"/spec/containers/1\"}]";

        var ours = JsonPatchApplier.Apply(JsonNode.Parse(pod), (JsonArray)JsonNode.Parse(patch)!);

        var reference = JsonNode.Parse(pod)!;
        var document = System.Text.Json.JsonSerializer.Deserialize<Microsoft.AspNetCore.JsonPatch.SystemTextJson.JsonPatchDocument>(patch)!;
        document.ApplyTo(reference);
        Assert.True(JsonNode.DeepEquals(reference, ours), ours!.ToJsonString() + " vs " + reference.ToJsonString());
    }
}
