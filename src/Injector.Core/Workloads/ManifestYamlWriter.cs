using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Injector.Workloads;

/// <summary>
/// JSON trees → multi-document YAML in kubectl's shape: block style, 2-space indent, keys in their JSON order,
/// multi-line strings as <c>|</c> blocks, strings that would read back as another type quoted.
/// </summary>
internal static class ManifestYamlWriter
{
    // Long values stay on one line, as kubectl writes them.
    private const int NoLineFolding = 100_000;

    public static void WriteDocuments(TextWriter writer, IReadOnlyList<JsonNode?> documents)
    {
        var emitter = new Emitter(writer, 2, NoLineFolding);
        emitter.Emit(new StreamStart());
        for (var i = 0; i < documents.Count; i++)
        {
            // Every document after the first gets an explicit '---'.
            emitter.Emit(new DocumentStart(null, null, isImplicit: i == 0));
            WriteNode(emitter, documents[i]);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
    }

    public static string WriteDocuments(IReadOnlyList<JsonNode?> documents)
    {
        var writer = new StringWriter { NewLine = "\n" };
        WriteDocuments(writer, documents);
        return writer.ToString();
    }

    private static void WriteNode(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    WriteString(emitter, key);
                    WriteNode(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array) WriteNode(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            default:
                WriteValue(emitter, node.AsValue());
                break;
        }
    }

    private static void WriteValue(IEmitter emitter, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(emitter, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "true", ScalarStyle.Plain, true, false));
                break;
            case JsonValueKind.False:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "false", ScalarStyle.Plain, true, false));
                break;
            case JsonValueKind.Null:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, true, false));
                break;
            default:
                // A number: its JSON text is valid YAML as it stands.
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void WriteString(IEmitter emitter, string text)
    {
        // Styles are chosen here, not by the emitter: it would write some strings (a lone tab) plain that no
        // parser reads back. Double quotes escape anything.
        var style = YamlScalars.CanBeLiteral(text) ? ScalarStyle.Literal
            : YamlScalars.CanBePlain(text) ? ScalarStyle.Plain
            : ScalarStyle.DoubleQuoted;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, true, true));
    }
}
