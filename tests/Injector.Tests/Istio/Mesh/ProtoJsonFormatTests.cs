using Injector.Istio.Mesh;
using Xunit;

namespace Injector.Tests.Istio.Mesh;

/// <summary>What protoToJSON prints, as Istio's jsonpb marshaler: compact, proto field order, Durations with 0/3/6/9
/// fraction digits, wrappers plain, int64 quoted, enums by name, Go's string and float text.</summary>
public class ProtoJsonFormatTests
{
    private static string Print(string annotation) => MeshConfig.Default.WithProxyConfigAnnotation(annotation).DefaultConfig.ToProtoJson();

    [Theory]
    [InlineData("1.5s", "1.500s")]
    [InlineData("100ms", "0.100s")]
    [InlineData("1h", "3600s")]
    [InlineData("1us", "0.000001s")]
    [InlineData("1ns", "0.000000001s")]
    [InlineData("1m30s", "90s")]
    [InlineData("-2s", "-2s")]
    [InlineData("'0'", "0s")]
    public void DurationsAreWrittenAsJsonpbDoes(string input, string output)
    {
        Assert.Equal("{\"drainDuration\":\"" + output + "\"}", Print("drainDuration: " + input));
    }

    [Fact]
    public void ABareNumberIsNotADuration()
    {
        var e = Assert.Throws<MeshConfigException>(() => Print("drainDuration: 0"));
        Assert.Equal("proxyConfig.drainDuration: json: cannot unmarshal number into Go value of type string", e.Message);
    }

    [Fact]
    public void Int64WrappersAreQuotedAndFloatsAreGos()
    {
        Assert.Equal("""{"tracing":{"stackdriver":{"maxNumberOfAttributes":"200"},"sampling":1e-7}}""",
            Print("tracing: {sampling: 0.0000001, stackdriver: {maxNumberOfAttributes: 200}}"));
        Assert.Equal("""{"tracing":{"sampling":100}}""", Print("tracing: {sampling: 100.0}"));
    }

    [Fact]
    public void StringsAreEscapedAsGoEscapesThem()
    {
        Assert.Equal("""{"proxyMetadata":{"A":"\u003cb\u003e \u0026 \"q\" é"}}""", Print("proxyMetadata: {A: '<b> & \"q\" é'}"));
    }

    [Fact]
    public void FieldsFollowProtoDeclarationOrderNotInputOrder()
    {
        Assert.Equal("""{"tracingServiceName":"CANONICAL_NAME_ONLY","drainDuration":"23s","proxyMetadata":{"A":"1","B":"2"},"statusPort":15021}""",
            Print("proxyMetadata: {B: '2', A: '1'}\nstatusPort: 15021\ndrainDuration: 23s\ntracingServiceName: CANONICAL_NAME_ONLY"));
    }

    [Fact]
    public void CleanProxyConfigDropsOnlyDefaults()
    {
        // Equal to the default: dropped. Changed: kept. Zero scalars are unset and never printed.
        Assert.Equal("{}", Print("configPath: ./etc/istio/proxy\nproxyAdminPort: 15000\nserviceCluster: istio-proxy\ncontrolPlaneAuthPolicy: MUTUAL_TLS"));
        // NONE is the enum's zero value: unset, so not printed either.
        Assert.Equal("""{"configPath":"/other","serviceCluster":"mine","proxyAdminPort":15001}""",
            Print("configPath: /other\nproxyAdminPort: 15001\nserviceCluster: mine\ncontrolPlaneAuthPolicy: NONE"));
        Assert.Equal("""{"tracing":{},"envoyMetricsService":{}}""", Print("envoyMetricsService: {}\ntracing: {}"));
    }

    [Fact]
    public void StructValuesAreSortedAndNumbersAreFloat64()
    {
        var mesh = MeshConfig.Apply("""
            extensionProviders:
            - name: json-log
              envoyFileAccessLog:
                path: /dev/stdout
                logFormat:
                  labels: {z: 1, a: "%REQ(:AUTHORITY)%", m: [true, null, 2.50]}
            """, MeshConfig.Default);
        Assert.Equal("""{"name":"json-log","envoyFileAccessLog":{"path":"/dev/stdout","logFormat":{"labels":{"a":"%REQ(:AUTHORITY)%","m":[true,null,2.5],"z":1}}}}""",
            mesh.ToJson()["extensionProviders"]![3]!.ToJsonString().Replace("\\u0025", "%"));
    }
}
