namespace Injector.Kube.Yaml;

internal enum YamlTreeKind
{
    Scalar,
    Sequence,
    Mapping,
    Alias,
}

/// <summary>
/// One node of a parsed YAML document, before any Go typing (go-yaml parses a whole document into such a tree, then
/// decodes it). Collections and aliases carry what expanding them would cost, computed when they close, so an alias
/// is charged against the limits before it is expanded.
/// </summary>
internal sealed class YamlTreeNode
{
    public YamlTreeNode(YamlTreeKind kind, YamlPosition at)
    {
        Kind = kind;
        At = at;
    }

    public YamlTreeKind Kind { get; }
    public YamlPosition At { get; }

    /// <summary>Long tag, or "" when the node has none.</summary>
    public string Tag { get; init; } = "";

    /// <summary>A scalar's text, or an alias's anchor name.</summary>
    public string Value { get; init; } = "";

    /// <summary>A plain scalar without a tag (or with the non-specific <c>!</c>): only these are resolved by their text.</summary>
    public bool PlainImplicit { get; init; }

    /// <summary>Sequence items, or mapping keys and values alternating.</summary>
    public List<YamlTreeNode>? Children { get; set; }

    /// <summary>What an alias refers to.</summary>
    public YamlTreeNode? Target { get; init; }

    /// <summary>True while a collection is still being read: an alias to it would contain itself.</summary>
    public bool Open { get; set; }

    /// <summary>Nodes this node stands for once aliases are expanded.</summary>
    public long ExpandedNodes { get; set; }

    /// <summary>Scalar text this node stands for once aliases are expanded.</summary>
    public long ExpandedScalarLength { get; set; }

    /// <summary>How deep decoding this node recurses (aliases and merge keys included).</summary>
    public int DecodeDepth { get; set; }
}
