using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Injector.Kube.Yaml;

/// <summary>
/// Reads the first document of a YAML stream into a <see cref="YamlTreeNode"/> tree, as go-yaml v2's parser does
/// (the rest of the stream is not read), checking <see cref="GoYamlLimits"/> as it goes. YamlDotNet supplies the
/// events (its scanner and parser follow libyaml, as go-yaml's do); what libyaml rejects and YamlDotNet accepts is
/// checked here: characters outside YAML's printable set, double-quoted escapes YAML 1.1 lacks (<c>\/</c>),
/// surrogate escapes, <c>%YAML</c> versions other than 1.1, and implicit keys longer than 1024 characters.
/// No recursion: open collections are on an explicit stack.
/// </summary>
internal sealed class YamlTreeReader
{
    private const int MaxImplicitKeyLength = 1024;

    private readonly string _text;
    private readonly GoYamlLimits _limits;
    private readonly Dictionary<string, YamlTreeNode> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<YamlTreeNode> _open = new();

    // YamlDotNet's indexes count from after a skipped byte order mark.
    private readonly int _indexOffset;
    private long _nodes;
    private long _scalarLength;

    private YamlTreeReader(string text, GoYamlLimits limits)
    {
        _text = text;
        _limits = limits;
        _indexOffset = text.StartsWith('\uFEFF') ? 1 : 0;
    }

    /// <summary>The first document's root, or null when the stream has no document.</summary>
    public static YamlTreeNode? ReadFirstDocument(string text, GoYamlLimits limits)
    {
        if (text.Length > limits.MaxInputLength)
        {
            throw new GoYamlException($"yaml: input is {text.Length} characters long, over the limit of {limits.MaxInputLength} (MaxInputLength)");
        }
        YamlCharacters.CheckPrintable(text);
        return new YamlTreeReader(text, limits).Read();
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
            throw new GoYamlException(new YamlPosition((int)ex.Start.Line, (int)ex.Start.Column), ProblemOf(ex));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet's parser reaches an internal inconsistency on some malformed streams instead of reporting them.
            throw new GoYamlException("yaml: invalid YAML stream (" + ex.Message.TrimEnd('.') + ")");
        }
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
        var node = new YamlTreeNode(YamlTreeKind.Scalar, at)
        {
            Tag = TagOf(scalar.Tag),
            Value = scalar.Value,
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
