using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Injector.Install.Yaml;

/// <summary>
/// Writes <see cref="YamlNode"/> documents as a multi-document YAML stream through YamlDotNet's emitter
/// (event based, no reflection), so escaping and block styles are YamlDotNet's, not hand-rolled.
/// </summary>
internal static class YamlDocumentWriter
{
    public static string Write(IEnumerable<YamlNode> documents, string? header = null)
    {
        var text = new StringWriter { NewLine = "\n" };
        if (header is not null)
        {
            foreach (var line in header.Split('\n'))
            {
                text.Write(line.Length == 0 ? "#\n" : "# " + line + "\n");
            }
        }
        var emitter = new Emitter(text, new EmitterSettings().WithIndentedSequences());
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            Emit(emitter, document);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, YamlNode node)
    {
        switch (node)
        {
            case YamlScalar scalar:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, scalar.Value, StyleOf(scalar), true, true));
                break;
            case YamlSeq seq:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, seq.Items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in seq.Items) Emit(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case YamlMap map:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, map.Entries.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var entry in map.Entries)
                {
                    if (entry.Comment is not null)
                    {
                        foreach (var line in entry.Comment.Split('\n')) emitter.Emit(new Comment(line, isInline: false));
                    }
                    emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, entry.Key, StyleOfString(entry.Key), true, true));
                    Emit(emitter, entry.Value);
                }
                emitter.Emit(new MappingEnd());
                break;
            default:
                throw new InvalidOperationException("unknown YAML node " + node.GetType().Name);
        }
    }

    private static ScalarStyle StyleOf(YamlScalar scalar) => scalar.Kind switch
    {
        YamlScalarKind.Integer or YamlScalarKind.Boolean => ScalarStyle.Plain,
        YamlScalarKind.Block => ScalarStyle.Literal,
        _ => StyleOfString(scalar.Value),
    };

    /// <summary>
    /// Plain unless a YAML 1.1 or 1.2 reader would take the text for a null, boolean, number or timestamp
    /// (kubectl's reader is YAML 1.1-ish: <c>on</c>, <c>y</c> and <c>0x1F</c> are not strings there): the one rule,
    /// <see cref="Injector.Workloads.YamlScalars.NeedsQuotes"/>, that kube-inject's writer uses too.
    /// The emitter itself falls back to quotes when plain text would not parse (e.g. <c>": "</c>), but not for
    /// every case: it writes a lone tab plain, which reads back as empty. So whitespace at either end and any
    /// control character (tab, newline, ...) always get double quotes, whose escapes carry them exactly.
    /// </summary>
    private static ScalarStyle StyleOfString(string value) =>
        value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || HasControlCharacter(value) ||
        value.AsSpan().IndexOfAny(AliasTagOrQuote) >= 0 || Injector.Workloads.YamlScalars.NeedsQuotes(value)
            ? ScalarStyle.DoubleQuoted
            : ScalarStyle.Plain;

    // Anchors, aliases, tags and quotes: the emitter writes 0 *u'\c plain and the parser then reads an alias in it
    // (found by the round-trip property test). Such values are rare in manifests, so they are always quoted.
    private static readonly System.Buffers.SearchValues<char> AliasTagOrQuote = System.Buffers.SearchValues.Create("*&!'\"\\");

    private static bool HasControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c)) return true;
        }
        return false;
    }

}
