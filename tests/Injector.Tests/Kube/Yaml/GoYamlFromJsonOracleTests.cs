using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Tests.Kube.Yaml;

/// <summary>
/// <see cref="GoYaml.FromJson"/> against what Go's JSONToYAML printed for the same JSON
/// (tests/testdata/goyaml/json-to-yaml.json), byte for byte, and the round trip through <see cref="GoYaml.ToJson"/>.
/// </summary>
public sealed class GoYamlFromJsonOracleTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in GoOracleCases.JsonToYaml.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesGoAndReadsBack(string name)
    {
        var c = GoOracleCases.JsonToYaml[name];
        var json = JsonNode.Parse(c.Json!.GetValue<string>());
        var yaml = GoYaml.FromJson(json);

        // Go reads the JSON text as YAML before writing it, and its reader takes a raw NEL or LS/PS inside the JSON
        // for a line break (and DEL or C1 controls for errors): there Go's output is not the input's value, and we
        // keep the value instead.
        var goReadsTheValue = c.Out is not null && ReadsAs(c.Out, json);
        if (name == "key-34")
        {
            // A key "<<": go-yaml writes it plain, which reads back as a merge key (and fails here); we quote it.
            Assert.Equal("v: <<\n", GoOracleCases.JsonToYaml["str-34"].Out);
            Assert.Equal("\"<<\": v\n", yaml);
        }
        else if (goReadsTheValue)
        {
            Assert.Equal(c.Out, yaml);
        }
        else
        {
            Assert.Matches("[\u0085\u2028\u2029\u007f-\u009f]", c.Json!.GetValue<string>());
        }

        Assert.Equal(Normalized(json), Normalized(GoYaml.ToJson(yaml)));
    }

    private static bool ReadsAs(string yaml, JsonNode? json)
    {
        try
        {
            return Normalized(GoYaml.ToJson(yaml)) == Normalized(json);
        }
        catch (GoYamlException)
        {
            return false;
        }
    }

    /// <summary>
    /// The JSON as Go's round trip gives it back: members sorted, numbers as go-yaml reads their text (1.0 → 1,
    /// -0 → 0).
    /// </summary>
    private static string Normalized(JsonNode? json) => GoOracleCases.Canonicalize(Rebuild(json));

    private static JsonNode? Rebuild(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var sorted = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal)) sorted[key] = Rebuild(value);
                return sorted;
            case JsonArray array:
                var copy = new JsonArray();
                foreach (var item in array) copy.Add(Rebuild(item));
                return copy;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                return GoYaml.ToJson(v.ToJsonString());
            default:
                return node?.DeepClone();
        }
    }
}
