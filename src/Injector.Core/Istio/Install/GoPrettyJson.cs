using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Yaml;

namespace Injector.Istio.Install;

/// <summary>
/// Sprig's <c>toPrettyJson</c>: Go's <c>json.MarshalIndent(v, "", "  ")</c> of Helm values, so map keys sorted
/// (byte order), two-space indentation, empty maps and lists as <c>{}</c> and <c>[]</c>, and Go's escaping
/// (<see cref="GoJson"/>).
/// </summary>
internal static class GoPrettyJson
{
    public static string Write(JsonNode? node)
    {
        var output = new ArrayBufferWriter<byte>();
        WriteNode(output, node, 0);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void WriteNode(ArrayBufferWriter<byte> output, JsonNode? node, int depth)
    {
        switch (node)
        {
            case JsonObject map when map.Count > 0:
                Append(output, "{");
                var first = true;
                foreach (var key in map.Select(p => p.Key).OrderBy(k => k, Utf8Order.Comparer))
                {
                    Append(output, first ? "\n" : ",\n");
                    first = false;
                    Indent(output, depth + 1);
                    GoJson.WriteString(output, key);
                    Append(output, ": ");
                    WriteNode(output, map[key], depth + 1);
                }
                Append(output, "\n");
                Indent(output, depth);
                Append(output, "}");
                break;
            case JsonArray list when list.Count > 0:
                Append(output, "[");
                for (var i = 0; i < list.Count; i++)
                {
                    Append(output, i == 0 ? "\n" : ",\n");
                    Indent(output, depth + 1);
                    WriteNode(output, list[i], depth + 1);
                }
                Append(output, "\n");
                Indent(output, depth);
                Append(output, "]");
                break;
            default:
                GoJson.Write(output, node);
                break;
        }
    }

    private static void Indent(ArrayBufferWriter<byte> output, int depth)
    {
        for (var i = 0; i < depth; i++) Append(output, "  ");
    }

    private static void Append(ArrayBufferWriter<byte> output, string ascii)
    {
        var span = output.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++) span[i] = (byte)ascii[i];
        output.Advance(ascii.Length);
    }
}
