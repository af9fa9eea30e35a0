using Injector.Injection;
using Injector.Revisions;
using Injector.Tests.Support;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

public sealed class RevisionConfigTests
{
    [Fact]
    public void UnknownKeyFailsLoudlyWithItsPosition()
    {
        var e = Assert.Throws<InvalidDataException>(() => RevisionConfigParser.Parse("revision: default\nnativeSidecar: true\n"));
        Assert.Contains("nativeSidecar", e.Message);
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void MalformedYamlFailsAsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => RevisionConfigParser.Parse("revision: [unclosed\n"));
        Assert.Throws<InvalidDataException>(() => RevisionConfigParser.Parse("statusPort: lots\n"));
    }

    [Theory]
    [InlineData("policy: sometimes", "policy", "sometimes")]
    [InlineData("interceptionMode: redirect", "interceptionMode", "redirect")]
    [InlineData("statusPort: 70000", "statusPort", "70000")]
    [InlineData("revision: Canary_1", "revision", "Canary_1")]
    [InlineData("includeIPRanges: 10.0.0.0/99", "includeIPRanges", "10.0.0.0/99")]
    [InlineData("excludeInboundPorts: '80,x'", "excludeInboundPorts", "80,x")]
    [InlineData("imagePullPolicy: Sometimes", "imagePullPolicy", "Sometimes")]
    [InlineData("proxyResources: {limits: {cpu: two}}", "proxyResources.limits.cpu", "two")]
    [InlineData("defaultTemplates: [sidecar, nope]", "defaultTemplates", "nope")]
    [InlineData("neverInjectSelector: [{matchExpressions: [{key: a, operator: Like}]}]", "neverInjectSelector", "Like")]
    [InlineData("image: proxyv2\nhub: ''", "hub", "")]
    public void CompileNamesTheBadSettingAndValue(string yaml, string setting, string value)
    {
        var config = RevisionConfigParser.Parse(yaml + "\n");
        var e = Assert.Throws<InvalidDataException>(() => CompiledRevision.Compile(config));
        Assert.Contains(setting, e.Message);
        Assert.Contains("\"" + value + "\"", e.Message);
    }

    [Fact]
    public void CompileReportsEveryProblemAtOnce()
    {
        var config = RevisionConfigParser.Parse("policy: x\ninterceptionMode: y\n");
        var e = Assert.Throws<InvalidDataException>(() => CompiledRevision.Compile(config));
        Assert.Contains("policy", e.Message);
        Assert.Contains("interceptionMode", e.Message);
    }

    [Theory]
    [InlineData("default", "istiod.istio-system.svc:15012")]
    [InlineData("canary", "istiod-canary.istio-system.svc:15012")]
    public void DiscoveryAddressDefaultsByRevision(string revision, string expected)
    {
        var pod = Inject(Pod(), Revision("revision: " + revision + "\n"));
        Assert.Equal(expected, (string?)Env(pod, "CA_ADDR")!["value"]);
        Assert.Equal(revision, (string?)pod["metadata"]!["annotations"]!["istio.io/rev"]);
    }

    [Fact]
    public void CaAddressOverridesDiscoveryAddress()
    {
        var pod = Inject(Pod(), Revision("revision: default\ndiscoveryAddress: d:15012\ncaAddress: ca:15012\n"));
        Assert.Equal("ca:15012", (string?)Env(pod, "CA_ADDR")!["value"]);
    }

    [Fact]
    public void ResourcesDefaultToIstiosAndCanBeEmptied()
    {
        var defaults = Container(Inject(Pod()), "istio-proxy")!;
        Assert.Equal("2", (string?)defaults["resources"]!["limits"]!["cpu"]);
        var emptied = Container(Inject(Pod(), Revision("revision: default\nproxyResources: {}\n")), "istio-proxy")!;
        Assert.Empty(emptied["resources"]!.AsObject());
        var initOnly = Inject(Pod(), Revision("revision: default\nproxyInitResources: {limits: {cpu: 500m}}\n"));
        Assert.Equal("500m", (string?)Container(initOnly, "istio-init")!["resources"]!["limits"]!["cpu"]);
        Assert.Equal("2", (string?)Container(initOnly, "istio-proxy")!["resources"]!["limits"]!["cpu"]);
    }

    [Fact]
    public void EmbeddedDefaultCompilesToIstioDefaults()
    {
        var revision = CompiledRevision.Compile(RevisionConfigParser.Parse(RevisionLoader.EmbeddedDefaultYaml()));
        Assert.Equal("default", revision.Name);
        var pod = Inject(Pod(), revision);
        var proxy = Container(pod, "istio-proxy")!;
        Assert.StartsWith("docker.io/istio/proxyv2:1.28.", (string?)proxy["image"]);
        Assert.Equal("Always", (string?)proxy["restartPolicy"]);
        Assert.Equal("128Mi", (string?)proxy["resources"]!["requests"]!["memory"]);
    }

    [Fact]
    public void ParityConfigDescribesTheGoldens()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "tests", "parity", "istio-testing.yaml");
        var revision = CompiledRevision.Compile(RevisionConfigParser.Parse(File.ReadAllText(path)));
        var proxy = Container(Inject(Pod(), revision), "istio-proxy")!;
        Assert.Equal("registry.istio.io/testing/proxyv2:latest", (string?)proxy["image"]);
    }
}
