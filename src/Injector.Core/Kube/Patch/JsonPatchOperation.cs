using System.Text.Json.Nodes;

namespace Injector.Kube.Patch;

/// <summary>One RFC 6902 operation: <c>add</c>, <c>remove</c> or <c>replace</c>, with an RFC 6901 path. The value
/// (add and replace) is a node of the final tree, shared, not copied.</summary>
internal readonly record struct JsonPatchOperation(string Op, string Path, JsonNode? Value)
{
    public static JsonPatchOperation Add(string path, JsonNode? value) => new("add", path, value);

    public static JsonPatchOperation Remove(string path) => new("remove", path, null);

    public static JsonPatchOperation Replace(string path, JsonNode? value) => new("replace", path, value);
}
