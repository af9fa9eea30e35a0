using System.Text.Json.Nodes;
using Injector.Istio.Install;
using static Injector.Tests.Istio.Install.InstallTextsReader;

namespace Injector.Tests.Istio.Install;

/// <summary><c>--set</c> as istioctl reads it: value typing, null, list index and selector forms, escapes.</summary>
public sealed class SetFlagTests
{
    [Theory]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("+5", "5")]
    [InlineData("1.5", "1.5")]
    [InlineData("1e3", "1000")]
    [InlineData("true", "true")]
    [InlineData("True", "true")]
    [InlineData("t", "true")]
    [InlineData("F", "false")]
    [InlineData("1", "1")]
    [InlineData("0", "0")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("a\\,b", "\"a,b\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("inf", "\"inf\"")]
    [InlineData("", "\"\"")]
    [InlineData("null", "null")]
    public void ValuesAreTypedAsIstioctlTypesThem(string raw, string json)
    {
        Assert.Equal(json, Text(SetFlag.ParseValue(raw)));
    }

    [Fact]
    public void TagsAndProxyMetadataStayStrings()
    {
        var values = Values(InstallInputs.FromOperatorText([], ["values.global.tag=1.20", "tag=ignored"]));
        Assert.Equal("\"1.20\"", Text(At(values, "global.tag")));
        var mesh = MeshOf(InstallInputs.FromOperatorText([], ["meshConfig.defaultConfig.proxyMetadata.FOO=123"]));
        Assert.Equal("\"123\"", Text(At(mesh, "defaultConfig.proxyMetadata.FOO")));
    }

    [Fact]
    public void SpecHubAndTagBecomeGlobalValuesButValuesWin()
    {
        var values = Values(InstallInputs.FromOperatorText([], ["hub=example.com/istio", "tag=1.2.3"]));
        Assert.Equal("example.com/istio", (string?)At(values, "global.hub"));
        Assert.Equal("1.2.3", (string?)At(values, "global.tag"));
        var both = Values(InstallInputs.FromOperatorText([], ["hub=a.example", "values.global.hub=b.example"]));
        Assert.Equal("b.example", (string?)At(both, "global.hub"));
    }

    [Fact]
    public void NullClearsADefault()
    {
        var values = Values(InstallInputs.FromOperatorText([], ["values.global.proxy.resources.limits.cpu=null"]));
        var limits = (JsonObject)At(values, "global.proxy.resources.limits")!;
        Assert.True(limits.ContainsKey("cpu"));
        Assert.Null(limits["cpu"]);
        Assert.Equal("1024Mi", (string?)limits["memory"]);
    }

    [Fact]
    public void ListIndexesSetAndAppend()
    {
        var values = Values(InstallInputs.FromOperatorText([],
        [
            "values.global.imagePullSecrets[0]=one",
            "values.global.imagePullSecrets[5]=two",
            "values.global.imagePullSecrets[0]=first",
        ]));
        Assert.Equal("[\"first\",\"two\"]", Text(At(values, "global.imagePullSecrets")));
    }

    [Fact]
    public void KeyValueSelectorsFindListElements()
    {
        var texts = InstallInputs.FromOperatorText([],
        [
            "meshConfig.extensionProviders[0].name=otel",
            "meshConfig.extensionProviders[0].opentelemetry.port=4317",
            "meshConfig.extensionProviders[name:otel].opentelemetry.service=collector.svc",
        ]);
        var provider = At(MeshOf(texts), "extensionProviders")!.AsArray().Single()!;
        Assert.Equal("collector.svc", (string?)At(provider, "opentelemetry.service"));
        Assert.Equal(4317, (long?)At(provider, "opentelemetry.port"));
        var missing = Assert.Throws<InstallInputException>(() =>
            InstallInputs.FromOperatorText([], ["meshConfig.extensionProviders[name:nope].port=1"]));
        Assert.Contains("[name:nope]", missing.Message);
    }

    [Fact]
    public void EscapedDotsStayInKeys()
    {
        var values = Values(InstallInputs.FromOperatorText([], ["values.pilot.env.A\\.B=x"]));
        Assert.Equal("x", (string?)((JsonObject)At(values, "pilot.env")!)["A.B"]);
    }

    [Fact]
    public void LaterFlagsWinOverEarlierFlagsAndFiles()
    {
        const string File = "spec:\n  values:\n    global:\n      proxy:\n        logLevel: debug\n";
        var values = Values(InstallInputs.FromOperatorText([("a.yaml", File)], ["values.global.proxy.logLevel=info", "values.global.proxy.logLevel=error"]));
        Assert.Equal("error", (string?)At(values, "global.proxy.logLevel"));
    }

    [Fact]
    public void FilesMergeMapsAndReplaceLists()
    {
        const string First = "spec:\n  values:\n    global:\n      imagePullSecrets: [a, b]\n      proxy:\n        logLevel: debug\n";
        const string Second = "spec:\n  values:\n    global:\n      imagePullSecrets: [c]\n      proxy:\n        componentLogLevel: misc:info\n";
        var values = Values(InstallInputs.FromOperatorText([("1.yaml", First), ("2.yaml", Second)], []));
        Assert.Equal("[\"c\"]", Text(At(values, "global.imagePullSecrets")));
        Assert.Equal("debug", (string?)At(values, "global.proxy.logLevel"));
        Assert.Equal("misc:info", (string?)At(values, "global.proxy.componentLogLevel"));
    }

    [Fact]
    public void ProfilesApplyUnderTheUserSettings()
    {
        var ambient = Values(InstallInputs.FromOperatorText([], ["profile=ambient"]));
        Assert.Equal("distroless", (string?)At(ambient, "global.variant"));
        Assert.Equal("true", (string?)At(ambient, "pilot.env.PILOT_ENABLE_AMBIENT"));
        var demo = InstallInputs.FromOperatorText([("demo.yaml", "spec:\n  profile: demo\n")], []);
        Assert.Contains("accessLogFile", demo.MeshYaml);
    }

    [Fact]
    public void UnvalidatedValuesAreAppliedLast()
    {
        const string File = "spec:\n  unvalidatedValues:\n    global:\n      myCustomKey: 7\n";
        var values = Values(InstallInputs.FromOperatorText([("u.yaml", File)], []));
        Assert.Equal(7, (long?)At(values, "global.myCustomKey"));
    }
}
