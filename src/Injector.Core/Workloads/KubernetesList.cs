using System.Text.Json.Nodes;

namespace Injector.Workloads;

/// <summary><c>kind: List</c> (what <c>kubectl get -o yaml</c> prints) and its <c>items</c>.</summary>
internal static class KubernetesList
{
    public static bool IsList(JsonNode document) =>
        document is JsonObject obj
        && obj["kind"] is JsonValue kind && kind.TryGetValue<string>(out var k) && k == "List"
        && obj["items"] is JsonArray;

    public static JsonArray Items(JsonNode list) => (JsonArray)list["items"]!;
}
