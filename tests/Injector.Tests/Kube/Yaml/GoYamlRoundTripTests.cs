using System.Text.Json.Nodes;
using CsCheck;
using Injector.Kube.Yaml;

namespace Injector.Tests.Kube.Yaml;

/// <summary>
/// What <see cref="GoYaml.FromJson"/> writes reads back through <see cref="GoYaml.ToJson"/> as the same JSON: every
/// string stays the same string (never a bool, number or null), whatever indicators, spaces, breaks or look-alikes
/// it holds, as a value, a key, at any depth and past the 80-column fold.
/// </summary>
public sealed class GoYamlRoundTripTests
{
    private static readonly Gen<char> Chars = Gen.Char[" \t\n\r-:#&*!|>'\"%@`,[]{}?~._+0123456789abexyonulTRUEFNL\\é\u00a0\u0085\u2028\u2029\ufeff\u0007名"];

    private static readonly Gen<string> Strings = Gen.OneOf(
        Gen.String[Chars, 0, 12],
        Gen.String[Chars, 60, 200],
        Gen.OneOf("true", "yes", "No", "on", "~", "null", "", "1e3", "0x10", "0o17", "1_000", ".inf", "-.Inf", ".nan",
            "2001-12-14", "1:30", "<<", "- a", "a: b", "#x", "&a", "*a", "!x", "|", ">", "---", "...", " ", "\n", "a\n", "\n\n"),
        Gen.Select(Gen.String[Chars, 1, 8], Gen.Int[5, 40], (word, n) => string.Join(" ", Enumerable.Repeat(word, n))));

    private static Gen<JsonNode?> Tree(int depth) =>
        depth == 0
            ? Leaf
            : Gen.Frequency(
                (4, Leaf),
                (2, Gen.Select(Strings, Tree(depth - 1), (k, v) => (k, v)).List[0, 5].Select(Object)),
                (2, Tree(depth - 1).List[0, 5].Select(Array)));

    private static readonly Gen<JsonNode?> Leaf = Gen.Frequency(
        (6, Strings.Select(s => (JsonNode?)JsonValue.Create(s))),
        (1, Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const((JsonNode?)null)));

    private static JsonNode? Object(List<(string Key, JsonNode? Value)> members)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in members) obj[key] = value?.DeepClone();
        return obj;
    }

    private static JsonNode? Array(List<JsonNode?> items)
    {
        var array = new JsonArray();
        foreach (var item in items) array.Add(item?.DeepClone());
        return array;
    }

    [Fact]
    public void WhatIsWrittenReadsBackAsTheSameJson()
    {
        Tree(4).Sample(json =>
        {
            var yaml = GoYaml.FromJson(json);
            var back = GoYaml.ToJson(yaml);
            Assert.Equal(Sorted(json), Sorted(back));
        }, iter: 1500, print: json => json?.ToJsonString() ?? "null");
    }

    /// <summary>
    /// Keys near go-yaml's plain-scalar rule (<c>yaml_emitter_analyze_scalar</c> in emitterc.go): in a block a key is
    /// plain unless it starts with an indicator, holds <c>": "</c> or <c>" #"</c>, or ends in <c>:</c>; a <c>*</c>
    /// inside it is ordinary text. What go-yaml writes, and read back its way: libyaml's scanner ends a plain scalar at
    /// <c>": "</c> whatever its word starts with (<c>yaml_parser_scan_plain_scalar</c>), so <c>a *: v</c> is the key
    /// <c>a *</c> (the seed <c>apNg4e9axSk1</c> of the property above found <c>T"loF#_u *</c>).
    /// </summary>
    [Theory]
    [InlineData("T\"loF#_u *", "...", "T\"loF#_u *: '...'\n")]
    [InlineData("a *", "v", "a *: v\n")]
    [InlineData("a *b", "v", "a *b: v\n")]
    [InlineData("a b *c d *e", "v", "a b *c d *e: v\n")]
    [InlineData("a&b *", "v", "a&b *: v\n")]
    [InlineData("a #b", "v", "'a #b': v\n")]
    [InlineData("a: b", "v", "'a: b': v\n")]
    [InlineData("a *:", "v", "'a *:': v\n")]
    [InlineData("#a", "v", "'#a': v\n")]
    [InlineData("*a", "v", "'*a': v\n")]
    [InlineData("a#b", "v", "a#b: v\n")]
    [InlineData("a:b", "v", "a:b: v\n")]
    public void KeyIsWrittenAsGoYamlWritesItAndReadsBack(string key, string value, string yaml)
    {
        var json = new JsonObject { [key] = value };
        Assert.Equal(yaml, GoYaml.FromJson(json));
        Assert.Equal(Sorted(json), Sorted(GoYaml.ToJson(yaml)));
        // The same key first in a mapping under a sequence item, under a key, and in a flow mapping.
        var nested = new JsonObject { ["k"] = new JsonArray(new JsonObject { [key] = value }, new JsonObject { ["x"] = new JsonObject { [key] = value } }) };
        Assert.Equal(Sorted(nested), Sorted(GoYaml.ToJson(GoYaml.FromJson(nested))));
    }

    /// <summary>
    /// A word starting with <c>*</c> inside a plain scalar is text, and <c>": "</c> after it still ends the scalar, as in
    /// libyaml's scanner (YamlDotNet's alone would read on).
    /// </summary>
    [Theory]
    [InlineData("a *: 1\n", "{\"a *\":1}")]
    [InlineData("- a *: 1\n- b *c: 2\n", "[{\"a *\":1},{\"b *c\":2}]")]
    [InlineData("x:\n  a *b: 1\n  c: 2\n", "{\"x\":{\"a *b\":1,\"c\":2}}")]
    [InlineData("- &b 1\n- a *: *b\n", "[1,{\"a *\":1}]")]
    [InlineData("{a *: b, c *d: e}", "{\"a *\":\"b\",\"c *d\":\"e\"}")]
    [InlineData("a *b\n", "\"a *b\"")]
    [InlineData("k: a *b c\n", "{\"k\":\"a *b c\"}")]
    public void StarWordInAPlainScalarIsText(string yaml, string json)
    {
        Assert.Equal(GoOracleCases.Canonicalize(JsonNode.Parse(json)), GoOracleCases.Canonicalize(GoYaml.ToJson(yaml)));
    }

    /// <summary>go-yaml: "mapping values are not allowed in this context" (a value cannot start a mapping on its line).</summary>
    [Theory]
    [InlineData("k: a *: b\n")]
    [InlineData("k: a *b: c\n")]
    public void StarWordBeforeColonInAValueIsAnError(string yaml)
    {
        Assert.Throws<GoYamlException>(() => GoYaml.ToJson(yaml));
    }

    /// <summary>Members in byte order (ToJson sorts them as Go's JSON encoding does).</summary>
    private static string Sorted(JsonNode? node)
    {
        return GoOracleCases.Canonicalize(Rebuild(node));

        static JsonNode? Rebuild(JsonNode? n) => n switch
        {
            JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, Rebuild(p.Value)))),
            JsonArray a => new JsonArray(a.Select(Rebuild).ToArray()),
            _ => n?.DeepClone(),
        };
    }
}
