using CsCheck;
using Injector.Install.Yaml;
using Injector.Tests.Manifests;

namespace Injector.Tests.Install;

public sealed class YamlDocumentWriterTests
{
    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    [InlineData("on")]
    [InlineData("y")]
    [InlineData("443")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("0x1F")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("2026-11-27")]
    [InlineData("a: b")]
    [InlineData("- x")]
    [InlineData("#comment")]
    [InlineData("{x}")]
    [InlineData("it's \"quoted\"")]
    [InlineData("1.28.0")]
    [InlineData("asm-1233-2")]
    [InlineData("\t")]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    [InlineData("a\tb")]
    [InlineData("two\nlines")]
    [InlineData("trailing newline\n")]
    [InlineData("key: value # not a comment")]
    [InlineData("*alias")]
    [InlineData("&anchor")]
    [InlineData("!tag")]
    [InlineData("%directive")]
    [InlineData("@at")]
    [InlineData("`tick")]
    [InlineData("---")]
    [InlineData("...")]
    [InlineData("? q")]
    [InlineData("|")]
    [InlineData(">")]
    [InlineData("unicode \u00e9 \u2603")]
    [InlineData("bell \u0007")]
    public void StringsStayStrings(string value)
    {
        var yaml = YamlDocumentWriter.Write([new YamlMap().Add("k", value)]);
        var doc = Assert.Single(YamlTestReader.Documents(yaml));
        var node = doc["k"];
        Assert.NotNull(node);
        Assert.Equal(System.Text.Json.JsonValueKind.String, node.GetValueKind());
        Assert.Equal(value, (string?)node);
    }

    [Fact]
    public void AwkwardStringsRoundTripAsKeysAndValues()
    {
        // YAML's special characters, whitespace, digits and the letters of true/null/yes, in any order.
        var chars = Gen.Char[" \t\n\r-:#&*!|>'\"%@`,[]{}?~.0123456789abcyesnoTRUEnul\\é\u00a0\u2028"];
        Gen.String[chars, 1, 24].Sample(value =>
        {
            var yaml = YamlDocumentWriter.Write([new YamlMap().Add(value, value)]);
            var doc = Assert.Single(YamlTestReader.Documents(yaml));
            var (key, node) = Assert.Single(doc);
            Assert.Equal(value, key);
            Assert.Equal(value, (string?)node);
        });
    }

    [Fact]
    public void TypesBlocksOrderAndCommentsSurviveParsing()
    {
        var yaml = YamlDocumentWriter.Write(
            [
                new YamlMap().Add("z", 1).Add("a", true, "why a is here").Add("m", YamlScalar.Block("line 1\n  line 2\n")),
                new YamlMap().Add("empty", new YamlMap()).Add("list", new YamlSeq()),
            ],
            header: "title");
        Assert.StartsWith("# title\n---\n", yaml);
        Assert.Contains("# why a is here\n", yaml);
        var docs = YamlTestReader.Documents(yaml);
        Assert.Equal(2, docs.Count);
        Assert.Equal(["z", "a", "m"], docs[0].Select(p => p.Key));
        Assert.Equal(1, (long?)docs[0]["z"]);
        Assert.True((bool?)docs[0]["a"]);
        Assert.Equal("line 1\n  line 2\n", (string?)docs[0]["m"]);
        Assert.Empty(docs[1]["empty"]!.AsObject());
        Assert.Empty(docs[1]["list"]!.AsArray());
    }

    [Fact]
    public void NullValuesAreLeftOut()
    {
        var yaml = YamlDocumentWriter.Write([new YamlMap().Add("a", "x").Add("b", null)]);
        Assert.DoesNotContain("b", yaml.Replace("---", string.Empty));
    }
}
