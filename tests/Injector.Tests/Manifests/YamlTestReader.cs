using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Injector.Tests.Manifests;

/// <summary>
/// Test-side YAML reader (YamlDotNet's representation model, independent of the writer under test): parses a
/// multi-document stream into JSON trees, resolving plain scalars as a YAML 1.1 reader (kubectl) would.
/// </summary>
internal static class YamlTestReader
{
    public static List<JsonObject> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var documents = new List<JsonObject>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" }) continue;
            documents.Add((JsonObject)ToJson(document.RootNode)!);
        }
        return documents;
    }

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => ToObject(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    private static JsonObject ToObject(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            obj.Add(((YamlScalarNode)key).Value!, ToJson(value));
        }
        return obj;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain) return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (text is "yes" or "no" or "on" or "off" or "y" or "n")
        {
            throw new InvalidDataException($"ambiguous plain scalar '{text}' (a YAML 1.1 boolean)");
        }
        if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return JsonValue.Create(n);
        }
        return JsonValue.Create(text);
    }

    public static JsonObject Single(List<JsonObject> documents, string kind, string? name = null) =>
        documents.Single(d => (string?)d["kind"] == kind && (name is null || (string?)d["metadata"]!["name"] == name));
}
