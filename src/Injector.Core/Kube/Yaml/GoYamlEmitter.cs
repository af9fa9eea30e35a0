using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Kube.Yaml;

/// <summary>
/// Writes a JSON tree as go-yaml v2's <c>yaml.Marshal</c> writes the same data read from JSON (what
/// sigs.k8s.io/yaml's <c>JSONToYAML</c> does): block style with 2-space indentation, sequences under a mapping key
/// not indented, empty collections as <c>{}</c>/<c>[]</c>, keys in go-yaml's natural order, lines folded after
/// column 80 where a style allows it, and for each string the style go-yaml picks: plain when it reads back as the
/// same string, else single quotes, else double quotes with escapes; literal blocks (<c>|</c>, <c>|-</c>,
/// <c>|+</c>) for multi-line strings. The writer keeps libyaml's column, whitespace and indentation state, so
/// the layout rules compose as they do there.
/// </summary>
internal sealed class GoYamlEmitter
{
    private const int BestIndent = 2;
    private const int BestWidth = 80;

    private readonly StringBuilder _out = new();
    private readonly int _maxDepth;
    private int _column;
    private bool _whitespace = true;
    private bool _indention = true;

    private GoYamlEmitter(int maxDepth) => _maxDepth = maxDepth;

    public static string Emit(JsonNode? root, GoYamlLimits limits)
    {
        var emitter = new GoYamlEmitter(limits.MaxDepth);
        emitter.Node(root, indent: -1, new Context(Root: true), depth: 0);
        emitter.WriteIndent(0); // the document ends on a new line
        return emitter._out.ToString();
    }

    private readonly record struct Context(bool Root = false, bool Sequence = false, bool Mapping = false, bool SimpleKey = false, bool Key = false);

    private void Node(JsonNode? node, int indent, Context context, int depth)
    {
        if (depth > _maxDepth) throw new GoYamlException($"yaml: the JSON nests deeper than the limit of {_maxDepth} (MaxDepth)");
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                Mapping(obj, indent, depth);
                break;
            case JsonArray array when array.Count > 0:
                Sequence(array, indent, context, depth);
                break;
            case JsonObject:
                EmptyFlow("{", "}");
                break;
            case JsonArray:
                EmptyFlow("[", "]");
                break;
            case null:
                Scalar("null", YamlScalarStyle.Plain, indent, context);
                break;
            default:
                Value(node.AsValue(), indent, context);
                break;
        }
    }

    private void Mapping(JsonObject obj, int indent, int depth)
    {
        var inner = indent < 0 ? 0 : indent + BestIndent;
        var keys = new List<string>(obj.Count);
        foreach (var (key, _) in obj) keys.Add(key);
        foreach (var key in GoYamlKeyOrder.Sort(keys))
        {
            WriteIndent(inner);
            var text = Runes(key);
            if (IsSimpleKey(text))
            {
                StringScalar(key, text, inner, new Context(Mapping: true, SimpleKey: true, Key: true));
                WriteIndicator(":", needWhitespace: false, isWhitespace: false, isIndention: false);
            }
            else
            {
                WriteIndicator("?", needWhitespace: true, isWhitespace: false, isIndention: true);
                StringScalar(key, text, inner, new Context(Mapping: true, Key: true));
                WriteIndent(inner);
                WriteIndicator(":", needWhitespace: true, isWhitespace: false, isIndention: true);
            }
            Node(obj[key], inner, new Context(Mapping: true), depth + 1);
        }
    }

    private void Sequence(JsonArray array, int indent, Context context, int depth)
    {
        // A sequence right after "key:" stays at the key's indentation.
        var inner = indent < 0 ? 0 : context.Mapping && !_indention ? indent : indent + BestIndent;
        foreach (var item in array)
        {
            WriteIndent(inner);
            WriteIndicator("-", needWhitespace: true, isWhitespace: false, isIndention: true);
            Node(item, inner, new Context(Sequence: true), depth + 1);
        }
    }

    private void EmptyFlow(string open, string close)
    {
        WriteIndicator(open, needWhitespace: true, isWhitespace: true, isIndention: false);
        WriteIndicator(close, needWhitespace: false, isWhitespace: false, isIndention: false);
    }

    /// <summary>Numbers and booleans as go-yaml writes the Go value it reads from their JSON text.</summary>
    private void Value(JsonValue value, int indent, Context context)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var s = ValidText(value.GetValue<string>());
                StringScalar(s, Runes(s), indent, context);
                return;
            case JsonValueKind.True:
                Scalar("true", YamlScalarStyle.Plain, indent, context);
                return;
            case JsonValueKind.False:
                Scalar("false", YamlScalarStyle.Plain, indent, context);
                return;
            case JsonValueKind.Number:
                var text = value.ToJsonString();
                var number = GoScalarResolver.Resolve("", text, plainImplicit: true, default);
                switch (number.Kind)
                {
                    case GoScalarKind.Int:
                        Scalar(number.Int.ToString(CultureInfo.InvariantCulture), YamlScalarStyle.Plain, indent, context);
                        return;
                    case GoScalarKind.Uint:
                        Scalar(number.Uint.ToString(CultureInfo.InvariantCulture), YamlScalarStyle.Plain, indent, context);
                        return;
                    case GoScalarKind.Float:
                        Scalar(GoFloatText.Float64G(number.Float), YamlScalarStyle.Plain, indent, context);
                        return;
                    default: // a number Go cannot hold (1e400) stays the text go-yaml read
                        StringScalar(text, Runes(text), indent, context);
                        return;
                }
            default:
                Scalar("null", YamlScalarStyle.Plain, indent, context);
                return;
        }
    }

    /// <summary>
    /// go-yaml's choice for a string, then libyaml's corrections for what the text allows where it stands. One
    /// deliberate difference: go-yaml writes a key <c>&lt;&lt;</c> plain, which reads back as a merge key; it is quoted here.
    /// </summary>
    private void StringScalar(string value, Rune[] text, int indent, Context context)
    {
        var style = value.Contains('\n') ? YamlScalarStyle.Literal
            : GoScalarResolver.PlainReadsAsString(value) && !IsBase60Float(value) && !(context.Key && value == "<<") ? YamlScalarStyle.Plain
            : YamlScalarStyle.DoubleQuoted;
        var analysis = YamlScalarAnalysis.Of(text);
        if (context.SimpleKey && analysis.Multiline) style = YamlScalarStyle.DoubleQuoted;
        if (style == YamlScalarStyle.Plain && (!analysis.BlockPlainAllowed || text.Length == 0 && context.SimpleKey))
        {
            style = YamlScalarStyle.SingleQuoted;
        }
        if (style == YamlScalarStyle.SingleQuoted && !analysis.SingleQuotedAllowed) style = YamlScalarStyle.DoubleQuoted;
        if (style == YamlScalarStyle.Literal && (!analysis.BlockAllowed || context.SimpleKey)) style = YamlScalarStyle.DoubleQuoted;
        Write(text, style, indent, context);
    }

    private void Scalar(string value, YamlScalarStyle style, int indent, Context context) => Write(Runes(value), style, indent, context);

    private void Write(Rune[] text, YamlScalarStyle style, int indent, Context context)
    {
        var scalarIndent = indent < 0 ? BestIndent : indent + BestIndent;
        var allowBreaks = !context.SimpleKey;
        switch (style)
        {
            case YamlScalarStyle.Plain:
                new YamlScalarWriter(this, scalarIndent).Plain(text, allowBreaks);
                break;
            case YamlScalarStyle.SingleQuoted:
                new YamlScalarWriter(this, scalarIndent).SingleQuoted(text, allowBreaks);
                break;
            case YamlScalarStyle.DoubleQuoted:
                new YamlScalarWriter(this, scalarIndent).DoubleQuoted(text, allowBreaks);
                break;
            default:
                new YamlScalarWriter(this, scalarIndent).Literal(text);
                break;
        }
    }

    /// <summary>libyaml writes a key in place (no <c>?</c>) when it is on one line and at most 128 bytes.</summary>
    private static bool IsSimpleKey(Rune[] key)
    {
        var bytes = 0;
        foreach (var r in key)
        {
            if (YamlScalarAnalysis.IsBreak(r.Value)) return false;
            bytes += r.Utf8SequenceLength;
        }
        return bytes <= 128;
    }

    /// <summary>go-yaml quotes <c>1:30</c>-like strings that YAML 1.1 readers take for base-60 numbers.</summary>
    private static bool IsBase60Float(string s)
    {
        if (s.Length == 0 || !(s[0] is '+' or '-' || char.IsAsciiDigit(s[0])) || !s.Contains(':')) return false;
        var i = s[0] is '+' or '-' ? 1 : 0;
        if (i >= s.Length || !char.IsAsciiDigit(s[i])) return false;
        i++;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '_')) i++;
        var groups = 0;
        while (i < s.Length && s[i] == ':')
        {
            i++;
            var start = i;
            while (i < s.Length && i - start < 2 && char.IsAsciiDigit(s[i])) i++;
            var digits = i - start;
            if (digits == 0 || digits == 2 && s[start] > '5') return false;
            groups++;
        }
        if (groups == 0) return false;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '_')) i++;
        }
        return i == s.Length;
    }

    /// <summary>A lone surrogate cannot be UTF-8; Go's JSON encoding would have written U+FFFD for it.</summary>
    private static string ValidText(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsSurrogate(s[i])) continue;
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }
            var sb = new StringBuilder(s.Length);
            foreach (var r in s.EnumerateRunes()) sb.Append(r.ToString());
            return sb.ToString(); // EnumerateRunes yields U+FFFD for each lone surrogate
        }
        return s;
    }

    private static Rune[] Runes(string s)
    {
        var runes = new Rune[s.Length];
        var n = 0;
        foreach (var r in s.EnumerateRunes()) runes[n++] = r;
        return n == runes.Length ? runes : runes[..n];
    }

    // --- libyaml's output state: the writers below keep it as libyaml does.

    internal int Column => _column;

    internal void Put(char c)
    {
        _out.Append(c);
        _column++;
    }

    internal void Put(Rune r)
    {
        _out.Append(r.ToString());
        _column++;
    }

    internal void PutBreak()
    {
        _out.Append('\n');
        _column = 0;
    }

    /// <summary>A line break character from the value: '\n' as a new line, others kept as they are.</summary>
    internal void WriteBreak(Rune r)
    {
        if (r.Value == '\n')
        {
            PutBreak();
            return;
        }
        _out.Append(r.ToString());
        _column = 0;
    }

    internal void WriteIndent(int indent)
    {
        if (indent < 0) indent = 0;
        if (!_indention || _column > indent || _column == indent && !_whitespace) PutBreak();
        while (_column < indent) Put(' ');
        _whitespace = true;
        _indention = true;
    }

    internal void WriteIndicator(string indicator, bool needWhitespace, bool isWhitespace, bool isIndention)
    {
        if (needWhitespace && !_whitespace) Put(' ');
        foreach (var c in indicator) Put(c);
        _whitespace = isWhitespace;
        _indention = _indention && isIndention;
    }

    internal bool Whitespace { get => _whitespace; set => _whitespace = value; }
    internal bool Indention { get => _indention; set => _indention = value; }
}
