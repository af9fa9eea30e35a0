using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Injector.Workloads;

/// <summary>
/// Multi-document Kubernetes YAML → JSON trees, through YamlDotNet's representation model (no reflection).
/// Scalar types follow <see cref="YamlScalars"/>; aliases are expanded; empty documents are dropped.
/// </summary>
internal static class ManifestYamlReader
{
    // Aliases can expand exponentially ("billion laughs"); no real manifest comes close to this many nodes.
    private const int MaxNodes = 1_000_000;

    private const string StrTag = "tag:yaml.org,2002:str";
    private const string BinaryTag = "tag:yaml.org,2002:binary";

    /// <summary>Every non-empty document, in order. Throws <see cref="InvalidDataException"/> with the line on bad YAML.</summary>
    public static List<JsonNode> ReadDocuments(TextReader reader)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {Innermost(ex).Message}", ex);
        }

        var documents = new List<JsonNode>(stream.Documents.Count);
        var budget = MaxNodes;
        foreach (var document in stream.Documents)
        {
            var json = Convert(document.RootNode, ref budget);
            if (json is not null) documents.Add(json);
        }
        return documents;
    }

    public static List<JsonNode> ReadDocuments(string yaml) => ReadDocuments(new StringReader(yaml));

    private static JsonNode? Convert(YamlNode node, ref int budget)
    {
        if (--budget < 0) throw new InvalidDataException($"the YAML expands to more than {MaxNodes} nodes (alias bomb?)");
        switch (node)
        {
            case YamlScalarNode scalar:
                return ConvertScalar(scalar);
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var child in sequence.Children) array.Add(Convert(child, ref budget));
                return array;
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new InvalidDataException($"line {key.Start.Line}: a mapping key must be a plain value, not a list or mapping");
                    }
                    if (obj.ContainsKey(name)) throw new InvalidDataException($"line {key.Start.Line}: duplicate key '{name}'");
                    obj[name] = Convert(value, ref budget);
                }
                return obj;
            default:
                throw new InvalidDataException($"line {node.Start.Line}: unsupported YAML node {node.NodeType}");
        }
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        var tag = scalar.Tag;
        if (!tag.IsEmpty && !tag.IsNonSpecific)
        {
            // An explicit !!int, !!bool, !!null or !!float is resolved like a plain scalar; !!str, !!binary
            // and custom tags keep the text.
            var name = tag.Value;
            return name is StrTag or BinaryTag || !name.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal)
                ? JsonValue.Create(text)
                : YamlScalars.ResolvePlain(text);
        }
        return scalar.Style == ScalarStyle.Plain ? YamlScalars.ResolvePlain(text) : JsonValue.Create(text);
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }
}
