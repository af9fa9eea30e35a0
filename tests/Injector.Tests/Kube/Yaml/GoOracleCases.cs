using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Tests.Support;

namespace Injector.Tests.Kube.Yaml;

/// <summary>
/// Cases whose expected results Go printed (tests/testdata/goyaml/README.md): go-yaml v2.4.0 with
/// sigs.k8s.io/yaml v1.6.0's YAMLToJSON and JSONToYAML steps, run by Go 1.19 over inputs we wrote.
/// </summary>
internal static class GoOracleCases
{
    public static readonly JsonSerializerOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public sealed record Case(string Name, string? Yaml, JsonNode? Json, string? Out, string? Error);

    private static readonly Lazy<IReadOnlyDictionary<string, Case>> YamlToJsonCases = new(() => Load("yaml-to-json.json"));
    private static readonly Lazy<IReadOnlyDictionary<string, Case>> JsonToYamlCases = new(() => Load("json-to-yaml.json"));

    public static IReadOnlyDictionary<string, Case> YamlToJson => YamlToJsonCases.Value;
    public static IReadOnlyDictionary<string, Case> JsonToYaml => JsonToYamlCases.Value;

    /// <summary>The JSON text as a canonical string (members as written, numbers as written, relaxed escaping).</summary>
    public static string Canonicalize(JsonNode? node) => node is null ? "null" : node.ToJsonString(Canonical);

    private static IReadOnlyDictionary<string, Case> Load(string file)
    {
        var path = Path.Combine(TestPaths.TestData, "goyaml", file);
        var cases = new Dictionary<string, Case>(StringComparer.Ordinal);
        foreach (var item in JsonNode.Parse(File.ReadAllText(path))!.AsArray())
        {
            var name = (string)item!["name"]!;
            cases.Add(name, new Case(name, (string?)item["yaml"], item["json"]?.DeepClone(), (string?)item["out"], (string?)item["error"]));
        }
        return cases;
    }
}
