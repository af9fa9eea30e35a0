using System.Text.Json.Nodes;

namespace Injector.Kube.Yaml;

/// <summary>
/// YAML ⇄ JSON as Istio's Go code does it with sigs.k8s.io/yaml v1.6.0 over go-yaml v2 (docs/design/istio-engine.md, Kube/Yaml).
/// </summary>
internal static class GoYaml
{
    /// <summary>
    /// What <c>yaml.YAMLToJSON</c> yields: the first document only (later documents are not read; an empty stream or
    /// document is JSON <c>null</c>), YAML 1.1 scalars as go-yaml v2 resolves them, integers kept exactly (as
    /// YAMLToJSON keeps them; <c>yaml.Unmarshal</c> into <c>map[string]any</c> would later round those beyond 2⁵³
    /// through <c>float64</c>), floats with the text <c>encoding/json</c> writes, object members in byte order.
    /// Throws <see cref="GoYamlException"/> (one line, with line and column) for invalid YAML, values JSON cannot
    /// hold (<c>.nan</c>, <c>.inf</c>), keys it cannot name and any limit of <paramref name="limits"/>
    /// (default <see cref="GoYamlLimits.Default"/>).
    /// </summary>
    public static JsonNode? ToJson(string yaml, GoYamlLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var root = YamlTreeReader.ReadFirstDocument(yaml, limits ?? GoYamlLimits.Default);
        return root is null ? null : YamlTreeDecoder.Decode(root);
    }

    /// <summary>
    /// What <c>yaml.Marshal</c> (sigs.k8s.io/yaml: <c>json.Marshal</c>, then <c>JSONToYAML</c>) prints for this JSON:
    /// see <see cref="GoYamlEmitter"/>. Read back with <see cref="ToJson"/> it gives the same JSON, and a string stays
    /// a string. Nesting deeper than <see cref="GoYamlLimits.MaxDepth"/> is refused.
    /// </summary>
    public static string FromJson(JsonNode? json, GoYamlLimits? limits = null) => GoYamlEmitter.Emit(json, limits ?? GoYamlLimits.Default);
}
