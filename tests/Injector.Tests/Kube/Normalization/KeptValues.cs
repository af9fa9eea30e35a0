using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Quantities;
using Injector.Kube.Schema;

namespace Injector.Tests.Kube.Normalization;

/// <summary>
/// Which input values a normalized tree lost that a Go struct would have kept: for each member of the input that
/// names a field (exactly) and holds a value <c>omitempty</c> would not drop, the output must hold an equal value
/// (quantities compared by value). Unknown members and empty values may go.
/// </summary>
internal static class KeptValues
{
    public static List<string> Lost(JsonNode? input, JsonNode? output)
    {
        var lost = new List<string>();
        Walk(input, output, KubeSchema.Pod, "", lost);
        return lost;
    }

    private static void Walk(JsonNode? input, JsonNode? output, KubeType type, string path, List<string> lost)
    {
        type = type.Deref();
        switch (type.Kind)
        {
            case KubeKind.Struct when input is JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (!type.TryGetJsonField(key, out var field) || IsEmptyJson(value)) continue;
                    var child = (output as JsonObject)?[key];
                    if (output is not JsonObject o || !o.ContainsKey(key)) lost.Add(path + "/" + key);
                    else Walk(value, child, field.Type, path + "/" + key, lost);
                }
                break;
            case KubeKind.Slice when input is JsonArray array:
                if (output is not JsonArray outArray || outArray.Count != array.Count) { lost.Add(path); break; }
                for (var i = 0; i < array.Count; i++) Walk(array[i], outArray[i], type.Element!, $"{path}/{i}", lost);
                break;
            case KubeKind.Map when input is JsonObject map:
                foreach (var (key, value) in map)
                {
                    if (output is not JsonObject o || !o.ContainsKey(key)) lost.Add(path + "/" + key);
                    else Walk(value, o[key], type.Element!, path + "/" + key, lost);
                }
                break;
            case KubeKind.Quantity:
                var text = input is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (string)v! : input!.ToJsonString();
                if (Quantity.Parse(text).CompareTo(Quantity.Parse((string)output!)) != 0) lost.Add(path);
                break;
            case KubeKind.Bool or KubeKind.Int or KubeKind.String or KubeKind.IntOrString:
                if (!JsonNode.DeepEquals(input, output)) lost.Add(path);
                break;
        }
    }

    private static bool IsEmptyJson(JsonNode? value) => value switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => true,
            JsonValueKind.String => (string)v! == "",
            JsonValueKind.Number => v.ToJsonString() is "0" or "0.0",
            _ => false,
        },
        _ => false,
    };
}
