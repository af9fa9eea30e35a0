using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using Injector.Limits;

namespace Injector.Injection;

/// <summary>
/// Reads YAML that a pod's author wrote (<c>proxy.istio.io/config</c>) into YamlDotNet's tree, but only after one pass
/// over the parser's events has checked it against <see cref="InputLimits"/>: length, nesting depth, node count and
/// expanded text, each alias counted as what it repeats. Without that pass a 330-byte alias bomb expanded to hundreds
/// of MB, a self-referencing alias (<c>&amp;a [*a]</c>) made a cyclic tree whose walk overflowed the stack, and
/// 60,000 nested brackets crashed the process. The tree is walked recursively afterwards; the depth check bounds that.
/// </summary>
/// <remarks>
/// Local to the compiled engine's YAML reading, so that a reader with Go's semantics can replace it whole.
/// Aliases must follow their anchor (as in Go's yaml; YamlDotNet alone also resolves later anchors, which is how the
/// cycle was built).
/// </remarks>
internal static class BoundedYaml
{
    /// <summary>
    /// The root of the only document, or null: with <paramref name="limitProblem"/> set when a limit was crossed
    /// (a one-line reason naming the limit), unset when the text is not YAML or holds no or several documents.
    /// </summary>
    public static YamlNode? Load(string text, out string? limitProblem)
    {
        limitProblem = Check(text);
        if (limitProblem is not null) return null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 1 ? stream.Documents[0].RootNode : null;
        }
        catch (YamlException)
        {
            return null;
        }
    }

    /// <summary>What an anchored node stands for wherever an alias repeats it.</summary>
    private readonly record struct Expansion(long Nodes, long Chars, int Depth);

    /// <summary>An open sequence or mapping: the totals when it began, its depth, the deepest level reached inside, its anchor.</summary>
    private sealed class Open(long nodes, long chars, int depth, string? anchor)
    {
        public long Nodes { get; } = nodes;
        public long Chars { get; } = chars;
        public int Depth { get; } = depth;
        public string? Anchor { get; } = anchor;
        public int Deepest { get; set; } = depth;
    }

    /// <summary>Null when within every limit (or not YAML at all: the loader reports that as before).</summary>
    internal static string? Check(string text)
    {
        if (text.Length > InputLimits.MaxYamlChars)
            return "YAML longer than " + InputLimits.MaxYamlChars + " characters (limit)";
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, Expansion>(StringComparer.Ordinal);
        var open = new Stack<Open>();
        long nodes = 0, chars = 0;
        try
        {
            while (parser.MoveNext())
            {
                var deepest = open.Count;
                switch (parser.Current)
                {
                    case DocumentStart:
                        anchors.Clear(); // anchors belong to their document
                        break;
                    case Scalar scalar:
                        nodes++;
                        chars += scalar.Value.Length;
                        if (HasUnpairedSurrogate(scalar.Value)) return "YAML text with an unpaired UTF-16 surrogate";
                        if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = new Expansion(1, scalar.Value.Length, 0);
                        break;
                    case NodeEvent start when start is SequenceStart or MappingStart:
                        nodes++;
                        if (open.Count + 1 > InputLimits.MaxYamlDepth) return DepthProblem();
                        open.Push(new Open(nodes - 1, chars, open.Count + 1, start.Anchor.IsEmpty ? null : start.Anchor.Value));
                        deepest = open.Count;
                        break;
                    case SequenceEnd or MappingEnd when open.Count > 0:
                        var closed = open.Pop();
                        if (closed.Anchor is { } name)
                        {
                            anchors[name] = new Expansion(nodes - closed.Nodes, chars - closed.Chars, closed.Deepest - closed.Depth + 1);
                        }
                        deepest = closed.Deepest;
                        break;
                    case AnchorAlias alias:
                        var target = alias.Value.Value;
                        foreach (var o in open)
                        {
                            if (o.Anchor == target) return "YAML alias *" + Shown(target) + " inside the node it names";
                        }
                        if (!anchors.TryGetValue(target, out var expansion)) return "YAML alias *" + Shown(target) + " before its anchor";
                        nodes += expansion.Nodes;
                        chars += expansion.Chars;
                        deepest = open.Count + expansion.Depth;
                        if (deepest > InputLimits.MaxYamlDepth) return DepthProblem();
                        break;
                }
                if (open.TryPeek(out var parent) && deepest > parent.Deepest) parent.Deepest = deepest;
                if (nodes > InputLimits.MaxYamlNodes)
                    return "YAML with more than " + InputLimits.MaxYamlNodes + " nodes, aliases expanded (limit)";
                if (chars > InputLimits.MaxYamlExpandedChars)
                    return "YAML expanding to more than " + InputLimits.MaxYamlExpandedChars + " characters of text, aliases expanded (limit)";
            }
        }
        catch (YamlException)
        {
            return null; // not YAML: the loader refuses it the same way
        }
        return null;
    }

    private static string DepthProblem() => "YAML nested deeper than " + InputLimits.MaxYamlDepth + " levels, aliases expanded (limit)";

    private static string Shown(string anchor) => AnnotationValidator.Printable(anchor, 40);

    private static bool HasUnpairedSurrogate(string value)
    {
        var span = value.AsSpan();
        for (var i = span.IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0 && i < span.Length; i++)
        {
            if (!char.IsSurrogate(span[i])) continue;
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1])) { i++; continue; }
            return true;
        }
        return false;
    }
}
