using CsCheck;
using Injector.Kube.Yaml;

namespace Injector.Tests.Kube.Yaml;

/// <summary>
/// Arbitrary text (YAML's indicators, breaks, tabs, quotes, anchors, tags, control characters) either converts or
/// fails with a one-line <see cref="GoYamlException"/>: no other exception, no hang.
/// </summary>
public sealed class GoYamlFuzzTests
{
    private static readonly Gen<char> Chars = Gen.Char["  \n\n\t\r-:?#&*!|>'\"%@`,[]{}~.<0123456789abxyz\\\u0000\u0001\u0085\u00a0\u2028\ufeff\ud800"];

    private static readonly Gen<string> Fragments = Gen.OneOf(
        Gen.String[Chars, 0, 80],
        Gen.OneOf("a: 1\n", "- x\n", "  b: [1, 2]\n", "&a ", "*a ", "<<: *a\n", "!!str ", "!!binary ", "|\n  x\n", ">-\n  y\n",
            "---\n", "...\n", "? k\n: v\n", "{a: {b: [c, {d: e}]}}", "\"\\u00e9\\x41\"", "'it''s'", "%YAML 1.1\n", "%TAG !e! tag:x,2000:\n"));

    [Fact]
    public void AnyTextConvertsOrFailsCleanly()
    {
        Fragments.Array[1, 12].Select(parts => string.Concat(parts)).Sample(text =>
        {
            try
            {
                var json = GoYaml.ToJson(text, new GoYamlLimits { MaxNodes = 10_000 });
                // Whatever was read writes back and reads the same.
                Assert.Equal(GoOracleCases.Canonicalize(json), GoOracleCases.Canonicalize(GoYaml.ToJson(GoYaml.FromJson(json))));
            }
            catch (GoYamlException ex)
            {
                Assert.DoesNotContain('\n', ex.Message);
                Assert.StartsWith(ex.Message.StartsWith("json:", StringComparison.Ordinal) ? "json: " : "yaml: ", ex.Message);
            }
        }, iter: 20_000, print: text => System.Text.Json.JsonSerializer.Serialize(text, GoYamlFuzzJson.Default.String));
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class GoYamlFuzzJson : System.Text.Json.Serialization.JsonSerializerContext;
