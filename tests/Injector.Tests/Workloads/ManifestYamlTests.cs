using CsCheck;
using System.Text.Json.Nodes;
using Injector.Tests.Support;
using Injector.Workloads;

namespace Injector.Tests.Workloads;

public sealed class ManifestYamlTests
{
    public static TheoryData<string, string> ScalarTypes => new()
    {
        { "port: 80", "{\"port\":80}" },
        { "port: \"80\"", "{\"port\":\"80\"}" },
        { "port: '80'", "{\"port\":\"80\"}" },
        { "port: !!str 80", "{\"port\":\"80\"}" },
        { "n: -12", "{\"n\":-12}" },
        { "n: +12", "{\"n\":12}" },
        { "n: 007", "{\"n\":7}" },
        { "n: 0x1F", "{\"n\":31}" },
        { "n: 0o17", "{\"n\":15}" },
        { "n: 123456789012345678901234567890", "{\"n\":123456789012345678901234567890}" },
        { "f: 1.5", "{\"f\":1.5}" },
        { "f: .5", "{\"f\":0.5}" },
        { "f: 1e3", "{\"f\":1e3}" },
        { "f: .inf", "{\"f\":\".inf\"}" },
        { "b: true", "{\"b\":true}" },
        { "b: False", "{\"b\":false}" },
        { "b: \"true\"", "{\"b\":\"true\"}" },
        { "b: yes", "{\"b\":\"yes\"}" },
        { "z: null", "{\"z\":null}" },
        { "z: ~", "{\"z\":null}" },
        { "z:", "{\"z\":null}" },
        { "z: \"\"", "{\"z\":\"\"}" },
        { "s: 1.28.0", "{\"s\":\"1.28.0\"}" },
        { "s: 100m", "{\"s\":\"100m\"}" },
        { "s: '*'", "{\"s\":\"*\"}" },
        { "s: |\n  line1\n  line2\n", "{\"s\":\"line1\\nline2\\n\"}" },
        { "s: |-\n  line1\n  line2\n", "{\"s\":\"line1\\nline2\"}" },
        { "s: >\n  folded\n  text\n", "{\"s\":\"folded text\\n\"}" },
        { "l: [1, \"2\", x, {}]", "{\"l\":[1,\"2\",\"x\",{}]}" },
        { "a: &x {k: v}\nb: *x", "{\"a\":{\"k\":\"v\"},\"b\":{\"k\":\"v\"}}" },
    };

    [Theory]
    [MemberData(nameof(ScalarTypes))]
    public void YamlScalarsGetTheirJsonTypes(string yaml, string expectedJson)
    {
        var document = Assert.Single(ManifestYamlReader.ReadDocuments(yaml));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expectedJson), document), document.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(ScalarTypes))]
    public void WritingAndReadingBackKeepsEveryValueAndType(string yaml, string expectedJson)
    {
        _ = expectedJson;
        var document = Assert.Single(ManifestYamlReader.ReadDocuments(yaml));
        var written = ManifestYamlWriter.WriteDocuments([document]);
        var reread = Assert.Single(ManifestYamlReader.ReadDocuments(written));
        Assert.True(JsonNode.DeepEquals(document, reread), written);
    }

    public static TheoryData<string, string> WrittenForms => new()
    {
        { "{\"v\":\"80\"}", "v: \"80\"\n" },
        { "{\"v\":80}", "v: 80\n" },
        { "{\"v\":\"true\"}", "v: \"true\"\n" },
        { "{\"v\":\"on\"}", "v: \"on\"\n" },
        { "{\"v\":\"1_000\"}", "v: \"1_000\"\n" },
        { "{\"v\":\"2026-11-27\"}", "v: \"2026-11-27\"\n" },
        { "{\"v\":\"null\"}", "v: \"null\"\n" },
        { "{\"v\":null}", "v: null\n" },
        { "{\"v\":\"\"}", "v: \"\"\n" },
        { "{\"v\":\"plain text\"}", "v: plain text\n" },
        { "{\"v\":\"a\\nb\\n\"}", "v: |\n  a\n  b\n" },
        { "{\"v\":[],\"w\":{}}", "v: []\nw: {}\n" },
        { "{\"l\":[\"a\",{\"k\":1}]}", "l:\n- a\n- k: 1\n" },
    };

    [Theory]
    [MemberData(nameof(WrittenForms))]
    public void WriterQuotesOnlyWhatWouldChangeType(string json, string expectedYaml)
    {
        Assert.Equal(expectedYaml, ManifestYamlWriter.WriteDocuments([JsonNode.Parse(json)]));
    }

    [Fact]
    public void MultiDocumentStreamsKeepOrderAndDropEmptyDocuments()
    {
        var documents = ManifestYamlReader.ReadDocuments("---\na: 1\n---\n---\nb: 2\n---\n");
        Assert.Equal(2, documents.Count);
        Assert.Equal(1L, (long)documents[0]["a"]!);
        Assert.Equal(2L, (long)documents[1]["b"]!);

        var written = ManifestYamlWriter.WriteDocuments(documents);
        Assert.Equal("a: 1\n---\nb: 2\n", written);
    }

    [Fact]
    public void KindListExposesItsItems()
    {
        var list = Assert.Single(ManifestYamlReader.ReadDocuments("apiVersion: v1\nkind: List\nitems:\n- kind: Service\n- kind: Pod\n"));
        Assert.True(KubernetesList.IsList(list));
        Assert.Equal(2, KubernetesList.Items(list).Count);
        Assert.False(KubernetesList.IsList(JsonNode.Parse("{\"kind\":\"List\"}")!));
    }

    public static TheoryData<string, string> BadYaml => new()
    {
        { "a: [1, 2\n", "line" },
        { "a: 1\na: 2\n", "a" },
        { "? [x]\n: 1\n", "mapping key" },
        { "a: *nowhere\n", "line" },
    };

    [Theory]
    [MemberData(nameof(BadYaml))]
    public void BadYamlGivesAClearError(string yaml, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => ManifestYamlReader.ReadDocuments(yaml));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void AliasBombIsRefused()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (var i = 0; i < 7; i++) yaml += $"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}]\n";
        var ex = Assert.Throws<InvalidDataException>(() => ManifestYamlReader.ReadDocuments(yaml));
        Assert.Contains("more than", ex.Message);
    }

    public static TheoryData<string> ParityFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.ParityCases).Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(ParityFiles))]
    public void IstioManifestsRoundTrip(string file)
    {
        var documents = ManifestYamlReader.ReadDocuments(File.ReadAllText(Path.Combine(TestPaths.ParityCases, file)));
        Assert.NotEmpty(documents);
        var reread = ManifestYamlReader.ReadDocuments(ManifestYamlWriter.WriteDocuments(documents));
        Assert.Equal(documents.Count, reread.Count);
        for (var i = 0; i < documents.Count; i++) Assert.True(JsonNode.DeepEquals(documents[i], reread[i]), file + " document " + i);
    }

    [Fact]
    public void AnyStringReadsBackAsTheSameString()
    {
        // Random strings over the characters that matter to YAML: indicators, quotes, spaces, line breaks, digits.
        var chars = Gen.Char[" \t\n\r-:#&*!|>'\"%@`,[]{}?~.0123456789abcyesnoTRUEnul\\é\u00a0\u2028"];
        Gen.String[chars, 0, 24].Sample(value =>
        {
            var yaml = ManifestYamlWriter.WriteDocuments([new JsonObject { ["v"] = value, [value] = 1 }]);
            JsonNode reread;
            try
            {
                reread = Assert.Single(ManifestYamlReader.ReadDocuments(yaml));
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException(ex.Message + " in:\n" + yaml.Replace("\t", "<TAB>"), ex);
            }
            Assert.True(reread["v"] is JsonValue v && v.GetValue<string>() == value, yaml);
            Assert.True(reread.AsObject().ContainsKey(value), yaml);
        }, iter: 5000);
    }
}
