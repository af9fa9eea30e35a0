using System.Text.Json;
using Injector.Templates;
using Injector.Templates.Functions;
using Injector.Templates.Values;

namespace Injector.Tests.Templates;

/// <summary>The function table as istiod has it: every Sprig v3.3.0 and Istio name known, Istio's winning on shared
/// names, refused functions failing at parse time with their reason, and the hooks other pieces plug in.</summary>
public sealed class FunctionTableTests
{
    /// <summary>The keys of Sprig v3.3.0's <c>genericMap</c> (functions.go), written down from the source.</summary>
    private const string SprigNames = "abbrev abbrevboth add add1 add1f addf adler32sum ago all any append atoi b32dec b32enc b64dec b64enc base bcrypt biggest buildCustomCert camelcase cat ceil chunk clean coalesce compact concat contains date dateInZone dateModify date_in_zone date_modify decryptAES deepCopy deepEqual default derivePassword dict dig dir div divf duration durationRound empty encryptAES env expandenv ext fail first float64 floor fromJson genCA genCAWithKey genPrivateKey genSelfSignedCert genSelfSignedCertWithKey genSignedCert genSignedCertWithKey get getHostByName has hasKey hasPrefix hasSuffix hello htmlDate htmlDateInZone htpasswd indent initial initials int int64 isAbs join kebabcase keys kindIs kindOf last list lower max maxf merge mergeOverwrite min minf mod mul mulf mustAppend mustChunk mustCompact mustDateModify mustDeepCopy mustFirst mustFromJson mustHas mustInitial mustLast mustMerge mustMergeOverwrite mustPrepend mustPush mustRegexFind mustRegexFindAll mustRegexMatch mustRegexReplaceAll mustRegexReplaceAllLiteral mustRegexSplit mustRest mustReverse mustSlice mustToDate mustToJson mustToPrettyJson mustToRawJson mustUniq mustWithout must_date_modify nindent nospace now omit osBase osClean osDir osExt osIsAbs pick pluck plural prepend push quote randAlpha randAlphaNum randAscii randBytes randInt randNumeric regexFind regexFindAll regexMatch regexQuoteMeta regexReplaceAll regexReplaceAllLiteral regexSplit repeat replace rest reverse round semver semverCompare seq set sha1sum sha256sum sha512sum shuffle slice snakecase sortAlpha split splitList splitn squote sub subf substr swapcase ternary title toDate toDecimal toJson toPrettyJson toRawJson toString toStrings trim trimAll trimPrefix trimSuffix trimall trunc tuple typeIs typeIsLike typeOf uniq unixEpoch unset until untilStep untitle upper urlJoin urlParse uuidv4 values without wrap wrapWith";

    /// <summary>Istio's <c>InjectionFuncmap</c> (pkg/kube/inject/template.go).</summary>
    private const string IstioNames = "formatDuration isset excludeInboundPort includeInboundPorts kubevirtInterfaces excludeInterfaces applicationPorts annotation valueOrDefault toJSON fromJSON structToJSON protoToJSON toYaml indent directory contains toLower appendMultusNetwork env omit strdict toJsonMap mergeMaps omitNil otelResourceAttributes";

    private const string GoBuiltinNames = "and call html index slice js len not or print printf println urlquery eq ge gt le lt ne";

    private static readonly FunctionTable Functions = FunctionTable.Create();

    [Fact]
    public void EverySprigNameIsSupportedOrRefusedWithAReason()
    {
        var supported = Functions.SupportedNames.ToHashSet();
        var refused = Functions.RefusedNames;
        foreach (var name in SprigNames.Split(' '))
        {
            Assert.True(supported.Contains(name) || refused.ContainsKey(name), name);
        }
        Assert.All(refused.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
    }

    [Fact]
    public void EveryIstioAndGoBuiltinNameIsSupported()
    {
        var supported = Functions.SupportedNames.ToHashSet();
        Assert.All(IstioNames.Split(' ').Concat(GoBuiltinNames.Split(' ')), name => Assert.Contains(name, supported));
    }

    [Theory]
    [InlineData("now", "it reads the clock or the local time zone")]
    [InlineData("randAlphaNum", "its result is random")]
    [InlineData("expandenv", "it reads the environment of the process")]
    [InlineData("getHostByName", "it queries DNS")]
    [InlineData("genCA", "it generates keys, certificates or secrets")]
    [InlineData("semverCompare", "the injector does not implement it (see docs/templates.md)")]
    public void RefusedFunctionIsAParseErrorSayingWhy(string name, string reason)
    {
        var ex = Assert.Throws<TemplateException>(() => GoTemplate.Parse("inject", "a\n{{ " + name + " }}", Functions));
        Assert.Equal("template: inject:2: function \"" + name + "\" not supported: " + reason, ex.Message);
        Assert.Equal(2, ex.Line);
        Assert.Equal(3, ex.Column);
    }

    [Fact]
    public void EnvReadsIstiodsEnvironmentWhenGivenAndElseReturnsTheDefault()
    {
        const string Text = "{{ env \"A\" \"da\" }} {{ env \"B\" \"db\" }} {{ env \"C\" \"dc\" }}";
        Assert.Equal("da db dc", GoTemplate.Parse("inject", Text, Functions).Execute(null));
        var withEnvironment = FunctionTable.Create(new FunctionTableOptions
        {
            IstiodEnvironment = new Dictionary<string, string> { ["A"] = "set", ["B"] = "" },
        });
        Assert.Equal("set db dc", GoTemplate.Parse("inject", Text, withEnvironment).Execute(null));
    }

    [Fact]
    public void ToYamlHandsEncodingJsonOutputToTheYamlStep()
    {
        var seen = new List<string>();
        var table = FunctionTable.Create(new FunctionTableOptions
        {
            JsonToYaml = json =>
            {
                seen.Add(json);
                return json == "null" ? throw new FormatException("no") : "yaml(" + json + ")";
            },
        });
        var data = TemplateFixtures.Typed();
        string output = GoTemplate.Parse("inject", "{{ toYaml .Strs }}|{{ toYaml .Meta }}|{{ toYaml .Values.missing }}|{{ toYaml 1e21 }}", table).Execute(data);
        Assert.Equal(
            "yaml({\"\\u003chtml\\u003e\":\"\\u0026\",\"a\":\"1\",\"b\":\"2\"})|yaml({\"name\":\"web\",\"namespace\":\"prod\",\"labels\":{\"app\":\"web\",\"version\":\"v1\"},\"annotations\":{\"empty\":\"\",\"sidecar.istio.io/proxyCPU\":\"200m\"}})||yaml(1e+21)",
            output);
        Assert.Equal(4, seen.Count);
    }

    [Fact]
    public void DefaultYamlStepWritesBlockYamlWithSortedKeys()
    {
        string output = GoTemplate.Parse("inject", "{{ toYaml .Values.global.proxy }}", Functions).Execute(TemplateFixtures.Typed());
        Assert.Equal("image: proxyv2\nresources:\n  requests:\n    cpu: 100m\n    memory: null\nstatusPort: 15020\n", output);
        Assert.Equal("- 1\n- two\n- null\n- a: null\n",
            GoTemplate.Parse("inject", "{{ toYaml .Values.global.list }}", Functions).Execute(TemplateFixtures.Typed()));
    }

    [Fact]
    public void ProtoToJsonAsksTheMessageAndFallsBackToEmptyObject()
    {
        var template = GoTemplate.Parse("inject", "{{ protoToJSON .Good }}|{{ protoToJSON .Bad }}|{{ protoToJSON .Nil }}|{{ protoToJSON nil }}", Functions);
        var data = new FakeStruct("*main.Data")
            .Field("Good", new FakeProxyConfig("{\"concurrency\":2}"))
            .Field("Bad", new FailingProto())
            .Field("Nil", new GoNilPointer("*v1alpha1.ProxyConfig"));
        Assert.Equal("{\"concurrency\":2}|{}|{}|{}", template.Execute(data));
    }

    [Fact]
    public void MethodErrorIsReportedAsGoReportsAFunctionError()
    {
        var data = new FakeStruct("*main.Data").Method("Fail", _ => throw new GoCallException("boom"));
        var ex = Assert.Throws<TemplateException>(() => GoTemplate.Parse("inject", "x{{ .Fail }}", Functions).Execute(data));
        Assert.Equal("template: inject:1:4: executing \"inject\" at <.Fail>: error calling Fail: boom", ex.Message);
        Assert.Equal(TemplateErrorKind.Execution, ex.Kind);
        Assert.Equal(1, ex.Line);
        Assert.Equal(4, ex.Column);
        Assert.Equal("inject", ex.TemplateName);
    }

    [Fact]
    public void SharedMapsCannotBeChangedButCopiesCan()
    {
        var data = TemplateFixtures.Typed();
        var ex = Assert.Throws<TemplateException>(() => GoTemplate.Parse("inject", "{{ set .Values \"x\" 1 }}", Functions).Execute(data));
        Assert.Contains("error calling set: the map is shared by every injection and cannot be changed", ex.Message);
        Assert.Throws<TemplateException>(() => GoTemplate.Parse("inject", "{{ merge .Values (dict \"x\" 1) }}", Functions).Execute(data));
        Assert.Equal("1 <no value>", GoTemplate.Parse("inject", "{{ $c := deepCopy .Values }}{{ $_ := set $c \"x\" 1 }}{{ $c.x }} {{ .Values.x }}", Functions).Execute(data));
        Assert.Equal("map[a:1]", GoTemplate.Parse("inject", "{{ $d := fromJson \"{}\" }}{{ $_ := set $d \"a\" 1 }}{{ $d }}", Functions).Execute(data));
    }

    [Fact]
    public void ExecuteWithoutDataAndUnknownTemplateNames()
    {
        var template = GoTemplate.Parse("inject", "{{ define \"a\" }}A{{ end }}{{ template \"a\" }}", Functions);
        Assert.Equal(["a", "inject"], template.TemplateNames.Order().ToArray());
        Assert.Equal("A", template.Execute(null));
    }

    private sealed class FailingProto : GoStruct, IProtoMessageValue
    {
        public override string TypeName => "*v1alpha1.ProxyConfig";

        public override bool TryGetField(string name, out object? value)
        {
            value = null;
            return false;
        }

        public override void WriteJson(Utf8JsonWriter writer) => writer.WriteNullValue();

        public override string FormatValue() => "{}";

        public string ToProtoJson() => throw new GoCallException("cannot marshal");
    }
}
