using System.Text.Json.Nodes;
using Injector.Istio.Mesh;
using Xunit;

namespace Injector.Tests.Istio.Mesh;

/// <summary>mesh.ApplyMeshConfig's rules: fields override, defaultConfig merges, and the special cases of mesh.go.</summary>
public class MeshApplyTests
{
    [Fact]
    public void EmptyTextGivesTheDefaults()
    {
        Assert.Equal(MeshConfig.Default.ToJson().ToJsonString(), MeshConfig.Apply("", MeshConfig.Default).ToJson().ToJsonString());
    }

    [Fact]
    public void TopLevelFieldsOverrideAndNestedMessagesAreReplacedWhole()
    {
        var mesh = MeshConfig.Apply("""
            trustDomain: example.org
            outboundTrafficPolicy: {}
            localityLbSetting:
              failoverPriority: [topology.kubernetes.io/region]
            """, MeshConfig.Default);
        Assert.Equal("example.org", mesh.TrustDomain);
        // The whole message is replaced: the default's ALLOW_ANY is gone (REGISTRY_ONLY is the zero value).
        Assert.Equal("REGISTRY_ONLY", mesh.OutboundTrafficPolicyMode);
        Assert.Equal("""{"failoverPriority":["topology.kubernetes.io/region"]}""", mesh.ToJson()["localityLbSetting"]!.ToJsonString());
    }

    [Fact]
    public void DefaultConfigMergesFieldByField()
    {
        var first = MeshConfig.Apply("""
            defaultConfig:
              drainDuration: 23s
              proxyMetadata: {A: "1", B: "2"}
              tracing: {sampling: 10}
            """, MeshConfig.Default);
        var second = MeshConfig.Apply("""
            defaultConfig:
              interceptionMode: TPROXY
              proxyMetadata: {B: "3", C: "4"}
              tracing: {}
            """, first);
        var pc = second.DefaultConfig;
        Assert.Equal("TPROXY", pc.InterceptionMode);
        Assert.Equal("23s", pc.ToJson()["drainDuration"]!.ToString());
        // proxyMetadata merges key by key; tracing (explicitly empty) replaces the previous one.
        Assert.Equal(["A=1", "B=3", "C=4"], pc.ProxyMetadata.Select(p => p.Key + "=" + p.Value));
        Assert.Equal("{}", pc.Tracing!.ToJsonString());
        Assert.Equal("""{"drainDuration":"23s","interceptionMode":"TPROXY","tracing":{},"proxyMetadata":{"A":"1","B":"3","C":"4"}}""", pc.ToProtoJson());
    }

    [Fact]
    public void ExplicitNullLeavesTheFieldAsItWas()
    {
        var mesh = MeshConfig.Apply("""
            trustDomain: null
            enablePrometheusMerge: null
            defaultConfig:
              discoveryAddress: ~
            """, MeshConfig.Default);
        Assert.Equal("cluster.local", mesh.TrustDomain);
        Assert.True(mesh.EnablePrometheusMerge);
        Assert.Equal("istiod.istio-system.svc:15012", mesh.DefaultConfig.DiscoveryAddress);
    }

    [Fact]
    public void AnExplicitZeroValueOverrides()
    {
        var mesh = MeshConfig.Apply("enablePrometheusMerge: false\ndefaultConfig: {holdApplicationUntilProxyStarts: false, concurrency: 0}", MeshConfig.Default);
        Assert.False(mesh.EnablePrometheusMerge);
        Assert.False(mesh.DefaultConfig.HoldApplicationUntilProxyStarts);
        Assert.Equal(0, mesh.DefaultConfig.Concurrency);
        Assert.Equal("""{"concurrency":0,"holdApplicationUntilProxyStarts":false}""", mesh.DefaultConfig.ToProtoJson());
    }

    [Fact]
    public void ProtoNamesAndEnumNumbersAndQuotedIntegersAreAccepted()
    {
        var mesh = MeshConfig.Apply("""
            trust_domain: a.example
            proxyListenPort: "15002"
            inboundTrafficPolicy: {mode: 1}
            defaultConfig:
              interception_mode: 2
              status_port: "15021"
            """, MeshConfig.Default);
        Assert.Equal("a.example", mesh.TrustDomain);
        Assert.Equal(15002, mesh.ProxyListenPort);
        Assert.Equal("LOCALHOST", mesh.InboundTrafficPolicyMode);
        Assert.Equal("NONE", mesh.DefaultConfig.InterceptionMode);
        Assert.Equal(15021, mesh.DefaultConfig.StatusPort);
    }

    [Fact]
    public void DefaultConfigUnderItsProtoNameIsCheckedButDroppedAsMeshGoDoes()
    {
        // mesh.go takes the proxy config back out of the text by the key "defaultConfig" only.
        var mesh = MeshConfig.Apply("default_config: {drainDuration: 23s}", MeshConfig.Default);
        Assert.Equal("{}", mesh.DefaultConfig.ToProtoJson());
        var e = Assert.Throws<MeshConfigException>(() => MeshConfig.Apply("default_config: {drainDuration: x}", MeshConfig.Default));
        Assert.StartsWith("meshConfig.defaultConfig.drainDuration: bad Duration", e.Message);
    }

    [Fact]
    public void ExtensionProvidersMergeByName()
    {
        var mesh = MeshConfig.Apply("""
            extensionProviders:
            - name: envoy
              envoyOtelAls: {service: otel.example, port: 4317}
            - name: otel
              opentelemetry:
                service: otel-collector.observability.svc.cluster.local
                port: 4317
                serviceAttributeEnrichment: OTEL_SEMANTIC_CONVENTIONS
            """, MeshConfig.Default);
        var providers = (JsonArray)mesh.ToJson()["extensionProviders"]!;
        Assert.Equal(["prometheus", "stackdriver", "envoy", "otel"], providers.Select(p => p!["name"]!.GetValue<string>()));
        Assert.Equal("""{"name":"envoy","envoyOtelAls":{"service":"otel.example","port":4317}}""", providers[2]!.ToJsonString());
        Assert.Equal("OTEL_SEMANTIC_CONVENTIONS", providers[3]!["opentelemetry"]!["serviceAttributeEnrichment"]!.ToString());
    }

    [Fact]
    public void DefaultProvidersMergeFieldByField()
    {
        var first = MeshConfig.Apply("defaultProviders: {metrics: [prometheus], tracing: [otel]}", MeshConfig.Default);
        var second = MeshConfig.Apply("defaultProviders: {accessLogging: [envoy]}", first);
        Assert.Equal("""{"tracing":["otel"],"metrics":["prometheus"],"accessLogging":["envoy"]}""", second.ToJson()["defaultProviders"]!.ToJsonString());
    }

    [Fact]
    public void TrustDomainAliasesAreUnitedAndSorted()
    {
        var first = MeshConfig.Apply("trustDomainAliases: [b.example, a.example]", MeshConfig.Default);
        var second = MeshConfig.Apply("trustDomainAliases: [c.example, a.example]", first);
        Assert.Equal("""["a.example","b.example","c.example"]""", second.ToJson()["trustDomainAliases"]!.ToJsonString());
    }

    [Fact]
    public void ProxyHeadersKeepThePreviousSubFieldsTheTextLeavesOut()
    {
        var first = MeshConfig.Apply("defaultConfig: {proxyHeaders: {server: {disabled: true}, requestId: {disabled: true}}}", MeshConfig.Default);
        var second = MeshConfig.Apply("defaultConfig: {proxyHeaders: {requestId: {disabled: false}, attemptCount: {disabled: true}}}", first);
        Assert.Equal("""{"requestId":{"disabled":false},"server":{"disabled":true},"attemptCount":{"disabled":true}}""",
            second.DefaultConfig.ToJson()["proxyHeaders"]!.ToJsonString());
    }

    [Fact]
    public void UnknownFieldsAreIgnoredAsIstiosApplyJsonRetryDoes()
    {
        var mesh = MeshConfig.Apply("notAField: 1\ndefaultConfig: {alsoNot: true, drainDuration: 30s}", MeshConfig.Default);
        Assert.Equal("""{"drainDuration":"30s"}""", mesh.DefaultConfig.ToProtoJson());
    }

    [Theory]
    [InlineData("defaultConfig: {drainDuration: 23}", "meshConfig.defaultConfig.drainDuration: json: cannot unmarshal number into Go value of type string")]
    [InlineData("defaultConfig: {drainDuration: 5x}", "meshConfig.defaultConfig.drainDuration: bad Duration: time: unknown unit \"x\" in duration \"5x\"")]
    [InlineData("defaultConfig: {statusPort: abc}", "meshConfig.defaultConfig.statusPort: invalid character 'a' looking for beginning of value")]
    [InlineData("defaultConfig: {statusPort: 1.5}", "meshConfig.defaultConfig.statusPort: json: cannot unmarshal number 1.5 into Go value of type int32")]
    [InlineData("defaultConfig: {interceptionMode: BOGUS}", "meshConfig.defaultConfig.interceptionMode: unknown value \"\\\"BOGUS\\\"\" for enum istio.mesh.v1alpha1.ProxyConfig.InboundInterceptionMode")]
    [InlineData("enableTracing: \"yes\"", "meshConfig.enableTracing: json: cannot unmarshal string into Go value of type bool")]
    [InlineData("defaultConfig: [1]", "meshConfig.defaultConfig: json: cannot unmarshal array into Go value of type map[string]json.RawMessage")]
    [InlineData("trustDomainAliases: a.example", "meshConfig.trustDomainAliases: json: cannot unmarshal string into Go value of type []json.RawMessage")]
    [InlineData("extensionProviders: [{name: x, zipkin: {port: -1}}]", "meshConfig.extensionProviders[0].zipkin.port: json: cannot unmarshal number -1 into Go value of type uint32")]
    [InlineData("defaultConfig: {proxyMetadata: {A: 1}}", "meshConfig.defaultConfig.proxyMetadata[A]: json: cannot unmarshal number into Go value of type string")]
    public void WrongTypesNameTheFieldPath(string yaml, string message)
    {
        var e = Assert.Throws<MeshConfigException>(() => MeshConfig.Apply(yaml, MeshConfig.Default));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("proxyListenPort: 70000", "meshConfig: invalid proxy listen port: port number 70000 must be in the range 1..65535")]
    [InlineData("connectTimeout: 2h", "meshConfig: invalid connect timeout: time 2h0m0s must be >1ms and <1h0m0s")]
    [InlineData("trustDomain: Bad_Domain", "meshConfig: trustDomain: trust domain name \"Bad_Domain\" invalid")]
    [InlineData("defaultConfig: {drainDuration: 1500ms}", "meshConfig: drain time only supports durations to seconds precision")]
    [InlineData("defaultConfig: {discoveryAddress: nohostport}", "meshConfig: invalid discovery address: unable to split \"nohostport\": address nohostport: missing port in address")]
    public void ValidationFailuresAreIstiosMessages(string yaml, string message)
    {
        var e = Assert.Throws<MeshConfigException>(() => MeshConfig.Apply(yaml, MeshConfig.Default));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ToYamlReadsBackToTheSameMesh()
    {
        var mesh = MeshConfig.Apply("defaultConfig: {drainDuration: 23s, proxyMetadata: {A: b}}\ntrustDomain: x.example", MeshConfig.Default);
        var again = MeshConfig.Apply(mesh.ToYaml(), MeshConfig.Default);
        Assert.Equal(mesh.ToJson().ToJsonString(), again.ToJson().ToJsonString());
    }
}
