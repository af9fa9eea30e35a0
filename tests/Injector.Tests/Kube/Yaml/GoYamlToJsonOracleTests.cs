using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Tests.Kube.Yaml;

/// <summary>
/// <see cref="GoYaml.ToJson"/> against what Go's YAMLToJSON printed for the same input
/// (tests/testdata/goyaml/yaml-to-json.json): the same JSON, member for member and number text for number text, or an
/// error where Go gave one.
/// </summary>
public sealed class GoYamlToJsonOracleTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in GoOracleCases.YamlToJson.Keys) data.Add(name);
        return data;
    }

    /// <summary>
    /// Where YamlDotNet's YAML 1.2 scanner and parser (which <see cref="GoYaml"/> uses for events) differ from libyaml's
    /// YAML 1.1 and the difference is not corrected (docs/yaml.md lists them): what we return instead.
    /// </summary>
    private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal)
    {
        // YAML 1.2 dropped the \' escape in double quotes; libyaml still has it. YamlDotNet rejects the document.
        ["quoted-double"] = "error",
        // "{:}": YAML 1.2 reads ":" as a plain key; libyaml finds no node.
        ["err-lone-colon-flow"] = "{\":\":null}",
        // A directive after a document without "...": YamlDotNet rejects it while ending the first document; go-yaml
        // never reads past the first document.
        ["err-directive-in-doc"] = "error",
        // A stream that starts with "...": no document for YamlDotNet; libyaml opens one and finds no node.
        ["document-end-marker-only"] = "null",
    };

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesGo(string name)
    {
        var c = GoOracleCases.YamlToJson[name];
        if (KnownDifferences.TryGetValue(name, out var ours))
        {
            if (ours == "error")
            {
                Assert.Throws<GoYamlException>(() => GoYaml.ToJson(c.Yaml!));
            }
            else
            {
                Assert.Equal(ours, GoOracleCases.Canonicalize(GoYaml.ToJson(c.Yaml!)));
            }
            return;
        }
        if (c.Error is not null)
        {
            var ex = Assert.Throws<GoYamlException>(() => GoYaml.ToJson(c.Yaml!));
            Assert.DoesNotContain('\n', ex.Message);
            return;
        }
        var actual = GoYaml.ToJson(c.Yaml!);
        Assert.Equal(GoOracleCases.Canonicalize(JsonNode.Parse(c.Out!)), GoOracleCases.Canonicalize(actual));
    }
}
