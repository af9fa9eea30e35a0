using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using ErrorToken = YamlDotNet.Core.Tokens.Error;
using ScalarToken = YamlDotNet.Core.Tokens.Scalar;

namespace Injector.Kube.Yaml;

/// <summary>
/// Reads the first document of a YAML stream into a <see cref="YamlTreeNode"/> tree, as go-yaml v2's parser does
/// (the rest of the stream is not read), checking <see cref="GoYamlLimits"/> as it goes. YamlDotNet supplies the
/// events (its scanner and parser follow libyaml, as go-yaml's do); what libyaml rejects and YamlDotNet accepts is
/// checked here: characters outside YAML's printable set, double-quoted escapes YAML 1.1 lacks (<c>\/</c>),
/// surrogate escapes, <c>%YAML</c> versions other than 1.1, and implicit keys longer than 1024 characters.
/// Where YamlDotNet reads a plain scalar on past <c>": "</c> (see <see cref="ReadFirstDocument"/>), the text is read
/// again as libyaml reads it. No recursion: open collections are on an explicit stack.
/// </summary>
internal sealed class YamlTreeReader
{
    private const int MaxImplicitKeyLength = 1024;

    /// <summary>What stands in for a <c>*</c> that starts a word inside a plain scalar: an ordinary character to YamlDotNet.</summary>
    private const char StarStandIn = 'x';

    private readonly string _text;
    private readonly GoYamlLimits _limits;
    // Indexes in _text where StarStandIn replaces a '*' of the input, ascending.
    private readonly List<int> _stars;
    private readonly Dictionary<string, YamlTreeNode> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<YamlTreeNode> _open = new();

    // YamlDotNet's indexes count from after a skipped byte order mark.
    private readonly int _indexOffset;
    private long _nodes;
    private long _scalarLength;

    private YamlTreeReader(string text, GoYamlLimits limits, List<int> stars)
    {
        _text = text;
        _limits = limits;
        _stars = stars;
        _indexOffset = text.StartsWith('\uFEFF') ? 1 : 0;
    }

    /// <summary>
    /// The first document's root, or null when the stream has no document.
    /// </summary>
    /// <remarks>
    /// libyaml ends a plain scalar at <c>:</c> followed by a blank, whatever the word it is in starts with
    /// (<c>yaml_parser_scan_plain_scalar</c>), so <c>a *: v</c> is the key <c>a *</c>, and go-yaml's emitter writes that
    /// key plain (<c>yaml_emitter_analyze_scalar</c> only minds <c>*</c> as the first character). YamlDotNet's scanner
    /// does not end it there when the word starts with <c>*</c> and the scalar is not a simple key at the mapping's
    /// indentation (the first key of a block mapping, any key of a flow mapping, any value), and reads on to the end
    /// of the line. When a plain scalar comes back holding such a word, that <c>*</c> is replaced by an ordinary
    /// character and the document is read again from the start: the text before it scans as before, the scalar now
    /// ends at the colon as in libyaml, and the <c>*</c> is put back in the scalar's value. Each re-read mends one
    /// more <c>*</c>, further on, and costs one copy of the whole text (the parse stops at that scalar, so it reads
    /// less): the re-reads together may cost at most <see cref="GoYamlLimits.MaxRereadLength"/> characters.
    /// </remarks>
    public static YamlTreeNode? ReadFirstDocument(string text, GoYamlLimits limits)
    {
        if (text.Length > limits.MaxInputLength)
        {
            throw new GoYamlException($"yaml: input is {text.Length} characters long, over the limit of {limits.MaxInputLength} (MaxInputLength)");
        }
        YamlCharacters.CheckPrintable(text);
        var stars = new List<int>();
        long reread = 0;
        while (true)
        {
            try
            {
                return new YamlTreeReader(text, limits, stars).Read();
            }
            catch (StarWordException star)
            {
                // Counted as the whole text: each re-read copies all of it, whatever the position of the '*'.
                reread += text.Length;
                if (reread > limits.MaxRereadLength)
                {
                    throw new GoYamlException(star.At, $"re-reading plain scalars with words that start with '*' would read more than {limits.MaxRereadLength} characters again (MaxRereadLength)");
                }
                var slot = stars.BinarySearch(star.Index);
                stars.Insert(slot < 0 ? ~slot : slot, star.Index);
                text = string.Create(text.Length, (text, star.Index), static (span, state) =>
                {
                    state.text.AsSpan().CopyTo(span);
                    span[state.Index] = StarStandIn;
                });
            }
        }
    }

    /// <summary>A plain scalar YamlDotNet read on past <c>":"</c> and a blank after a word starting with <c>*</c> at <see cref="Index"/>.</summary>
    private sealed class StarWordException(int index, YamlPosition at) : Exception
    {
        public int Index { get; } = index;
        public YamlPosition At { get; } = at;
    }

    private YamlTreeNode? Read()
    {
        // libyaml skips a byte order mark at the start of the stream; YamlDotNet reads it as content.
        var reader = new StringReader(_text);
        if (_indexOffset > 0) reader.Read();
        var parser = new Parser(new Scanner(reader, skipComments: true));
        try
        {
            Next(parser); // stream start
            var first = Next(parser);
            if (first is StreamEnd) return null;
            if (first is DocumentStart start) CheckVersion(start);
            var root = ReadNodes(parser);
            // go-yaml reads the document's end too, so what directly follows the root (": x" after a plain root
            // scalar) is still checked; nothing after that is read.
            var end = Next(parser);
            if (end is not DocumentEnd documentEnd) throw new GoYamlException(new YamlPosition((int)end.Start.Line, (int)end.Start.Column), "did not find expected <document end>");
            // YamlDotNet ends a document implicitly before checking the token that ended it (libyaml checks it
            // first): one more event surfaces an error there, such as a key over 1024 characters.
            if (documentEnd.IsImplicit) Next(parser);
            return root;
        }
        catch (YamlException ex)
        {
            if (StarWordBefore((int)ex.Start.Index + _indexOffset) is { } star) throw star;
            throw new GoYamlException(new YamlPosition((int)ex.Start.Line, (int)ex.Start.Column), ProblemOf(ex));
        }
        catch (Exception ex) when (IsInternalInconsistency(ex))
        {
            if (StarWordBefore(_text.Length) is { } star) throw star;
            // YamlDotNet's parser reaches an internal inconsistency on some malformed streams instead of reporting them.
            throw new GoYamlException("yaml: invalid YAML stream (" + ex.Message.TrimEnd('.') + ")");
        }
    }

    private static bool IsInternalInconsistency(Exception ex) => ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException;

    /// <summary>
    /// YamlDotNet queues some errors it meets while scanning a plain scalar (a colon after it that cannot start a
    /// value) ahead of the scalar, so the parser stops before the scalar reaches <see cref="ScalarNode"/>. Before such
    /// an error is reported, the scanner alone runs up to it: a plain scalar there holding a word that starts with
    /// <c>*</c> before <c>": "</c> is mended first, as <see cref="ScalarNode"/> would have.
    /// </summary>
    private StarWordException? StarWordBefore(int errorIndex)
    {
        var reader = new StringReader(_text);
        if (_indexOffset > 0) reader.Read();
        var scanner = new Scanner(reader, skipComments: true);
        try
        {
            var afterError = false;
            while (scanner.MoveNext())
            {
                if (scanner.Current is not { } token) continue;
                var start = (int)token.Start.Index + _indexOffset;
                if (start > errorIndex) return null;
                // The parser stops at the first error token; only the token queued right behind it (the plain scalar
                // the error was met in) is still looked at. (The scanner alone would repeat the error forever.)
                if (token is ErrorToken)
                {
                    if (afterError) return null;
                    afterError = true;
                    continue;
                }
                if (token is ScalarToken { Style: ScalarStyle.Plain } scalar)
                {
                    var star = StarWordBeforeColon(start, (int)scalar.End.Index + _indexOffset);
                    if (star >= 0) return new StarWordException(star, new YamlPosition((int)scalar.Start.Line, (int)scalar.Start.Column));
                }
                if (afterError) return null;
            }
        }
        catch (Exception ex) when (ex is YamlException || IsInternalInconsistency(ex))
        {
            // The scanner's own error: nothing before it was misread.
        }
        return null;
    }

    private static ParsingEvent Next(IParser parser)
    {
        if (!parser.MoveNext()) throw new GoYamlException("yaml: unexpected end of the event stream");
        return parser.Current!;
    }

    private YamlTreeNode ReadNodes(IParser parser)
    {
        while (true)
        {
            var e = Next(parser);
            var at = new YamlPosition((int)e.Start.Line, (int)e.Start.Column);
            YamlTreeNode? done;
            switch (e)
            {
                case Scalar scalar:
                    done = ScalarNode(scalar, at);
                    break;
                case AnchorAlias alias:
                    done = AliasNode(alias, at);
                    break;
                case SequenceStart sequence:
                    Open(new YamlTreeNode(YamlTreeKind.Sequence, at) { Tag = TagOf(sequence.Tag), Children = [] }, sequence.Anchor);
                    continue;
                case MappingStart mapping:
                    Open(new YamlTreeNode(YamlTreeKind.Mapping, at) { Tag = TagOf(mapping.Tag), Children = [] }, mapping.Anchor);
                    continue;
                case SequenceEnd or MappingEnd:
                    done = Close();
                    break;
                default:
                    throw new GoYamlException(at, $"unexpected {e.GetType().Name} event");
            }
            if (_open.Count == 0) return done;
            Add(_open.Peek(), done);
        }
    }

    private YamlTreeNode ScalarNode(Scalar scalar, YamlPosition at)
    {
        var start = (int)scalar.Start.Index + _indexOffset;
        var end = (int)scalar.End.Index + _indexOffset;
        if (scalar.Style == ScalarStyle.DoubleQuoted) YamlCharacters.CheckDoubleQuotedEscapes(_text, start, end, at);
        if (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded) YamlCharacters.CheckBlockScalarTabs(_text, start, end, at);
        if (scalar.IsKey && _open.Count > 0) CheckImplicitKeyLength(scalar, at);
        var value = scalar.Value;
        if (scalar.Style == ScalarStyle.Plain)
        {
            var star = StarWordBeforeColon(start, end);
            if (star >= 0) throw new StarWordException(star, at);
            if (_stars.Count > 0) value = WithStars(value, start, end);
        }
        var node = new YamlTreeNode(YamlTreeKind.Scalar, at)
        {
            Tag = TagOf(scalar.Tag),
            Value = value,
            PlainImplicit = scalar.IsPlainImplicit,
            ExpandedNodes = 1,
            ExpandedScalarLength = scalar.Value.Length,
            DecodeDepth = 1,
        };
        Charge(1, scalar.Value.Length, at);
        Anchor(scalar.Anchor, node);
        return node;
    }

    private YamlTreeNode AliasNode(AnchorAlias alias, YamlPosition at)
    {
        var name = alias.Value.Value;
        if (!_anchors.TryGetValue(name, out var target)) throw new GoYamlException(at, $"unknown anchor '{name}' referenced");
        var node = new YamlTreeNode(YamlTreeKind.Alias, at) { Value = name, Target = target };
        if (target.Open)
        {
            // Decoding would fail with "contains itself"; go-yaml reports that only after parsing the whole document.
            node.ExpandedNodes = 1;
            node.DecodeDepth = 1;
            Charge(1, 0, at);
            return node;
        }
        node.ExpandedNodes = target.ExpandedNodes;
        node.ExpandedScalarLength = target.ExpandedScalarLength;
        node.DecodeDepth = target.DecodeDepth + 1;
        Charge(target.ExpandedNodes, target.ExpandedScalarLength, at);
        CheckDepth(node, at);
        return node;
    }

    private void Open(YamlTreeNode node, AnchorName anchor)
    {
        if (_open.Count + 1 > _limits.MaxDepth)
        {
            throw new GoYamlException(node.At, $"nesting is deeper than the limit of {_limits.MaxDepth} (MaxDepth)");
        }
        node.Open = true;
        node.ExpandedNodes = 1;
        Charge(1, 0, node.At);
        Anchor(anchor, node);
        _open.Push(node);
    }

    private YamlTreeNode Close()
    {
        var node = _open.Pop();
        node.Open = false;
        node.DecodeDepth += 1;
        CheckDepth(node, node.At);
        return node;
    }

    private void Add(YamlTreeNode parent, YamlTreeNode child)
    {
        parent.Children!.Add(child);
        parent.ExpandedNodes += child.ExpandedNodes;
        parent.ExpandedScalarLength += child.ExpandedScalarLength;
        // A collection's depth is one more than its deepest child; Close adds the one.
        if (child.DecodeDepth > parent.DecodeDepth) parent.DecodeDepth = child.DecodeDepth;
    }

    private void Anchor(AnchorName anchor, YamlTreeNode node)
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = node; // a later anchor of the same name wins, as in go-yaml
    }

    private void Charge(long nodes, long scalarLength, YamlPosition at)
    {
        _nodes += nodes;
        _scalarLength += scalarLength;
        if (_nodes > _limits.MaxNodes)
        {
            throw new GoYamlException(at, $"the document expands to more than {_limits.MaxNodes} nodes (MaxNodes; aliases count once per use)");
        }
        if (_scalarLength > _limits.MaxScalarLength)
        {
            throw new GoYamlException(at, $"the document expands to more than {_limits.MaxScalarLength} characters of scalars (MaxScalarLength; aliases count once per use)");
        }
    }

    /// <summary>The open collections around a node plus the depth of decoding it must stay within MaxDepth.</summary>
    private void CheckDepth(YamlTreeNode node, YamlPosition at)
    {
        if (_open.Count + node.DecodeDepth > _limits.MaxDepth)
        {
            throw new GoYamlException(at, $"nesting (aliases and merge keys included) is deeper than the limit of {_limits.MaxDepth} (MaxDepth)");
        }
    }

    private static void CheckVersion(DocumentStart start)
    {
        var version = start.Version?.Version;
        if (version is not null && (version.Major != 1 || version.Minor != 1))
        {
            throw new GoYamlException(new YamlPosition((int)start.Start.Line, (int)start.Start.Column), "found incompatible YAML document");
        }
    }

    /// <summary>
    /// libyaml forgets a possible implicit key 1024 characters after it starts, so a longer key before <c>:</c> is an
    /// error there ("mapping values are not allowed in this context"); YamlDotNet has no such bound.
    /// </summary>
    private void CheckImplicitKeyLength(Scalar key, YamlPosition at)
    {
        if (key.End.Index - key.Start.Index <= MaxImplicitKeyLength || IsExplicitKey((int)key.Start.Index + _indexOffset)) return;
        throw new GoYamlException(at, "mapping values are not allowed in this context (an implicit key is longer than 1024 characters)");
    }

    private bool IsExplicitKey(int start)
    {
        var i = start - 1;
        while (i >= 0 && _text[i] is ' ' or '\t' or '\n' or '\r') i--;
        return i >= 0 && _text[i] == '?';
    }

    /// <summary>
    /// In the plain scalar <c>_text[start..end)</c>, the first <c>:</c> followed by a blank (or the end) that ends a word
    /// starting with <c>*</c>: the index of that <c>*</c>, else -1. libyaml would have ended the scalar at that colon.
    /// </summary>
    private int StarWordBeforeColon(int start, int end)
    {
        var from = start;
        while (from < end)
        {
            var colon = _text.AsSpan(from, end - from).IndexOf(':');
            if (colon < 0) return -1;
            colon += from;
            from = colon + 1;
            if (colon + 1 < _text.Length && !IsBlank(_text[colon + 1])) continue;
            var word = colon;
            while (word > start && !IsBlank(_text[word - 1])) word--;
            if (word > start && _text[word] == '*') return word;
        }
        return -1;
    }

    /// <summary>
    /// The value of the plain scalar <c>_text[start..end)</c> with the <c>*</c> put back where the text has
    /// <see cref="StarStandIn"/> for one. A plain scalar's value holds the scalar's non-blank characters in order (only
    /// blanks and breaks are folded), so the n-th non-blank character of each is the same one.
    /// </summary>
    private string WithStars(string value, int start, int end)
    {
        var first = _stars.BinarySearch(start);
        if (first < 0) first = ~first;
        if (first == _stars.Count || _stars[first] >= end) return value;
        var chars = value.ToCharArray();
        var v = 0;
        var next = first;
        for (var i = start; i < end && next < _stars.Count && _stars[next] < end; i++)
        {
            if (IsBlank(_text[i])) continue;
            while (IsBlank(chars[v])) v++;
            if (i == _stars[next])
            {
                chars[v] = '*';
                next++;
            }
            v++;
        }
        return new string(chars);
    }

    /// <summary>libyaml's <c>is_blankz</c> without the end: space, tab and the line breaks.</summary>
    private static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    private static string TagOf(TagName tag) => tag.IsEmpty ? "" : tag.Value;

    /// <summary>YamlDotNet's message without its "(Line: …) - (Line: …): " prefix and final period.</summary>
    private static string ProblemOf(YamlException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut >= 0) message = message[(cut + 3)..];
        message = message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "invalid YAML";
    }
}
