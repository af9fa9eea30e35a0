using Injector.Istio.Mesh;
using Injector.Templates;
using Injector.Templates.Functions;
using Injector.Templates.Values;
using Xunit;

namespace Injector.Tests.Istio.Mesh;

/// <summary>The mesh model as templates see it: Go field names, enums, maps, wrappers, nil-safe getters, protoToJSON.</summary>
public class MeshTemplateViewTests
{
    private static readonly MeshConfig Mesh = MeshConfig.Apply("""
        defaultConfig:
          interceptionMode: TPROXY
          proxyMetadata: {B: "2", A: "1"}
          drainDuration: 23s
        """, MeshConfig.Default);

    private static string Render(string text, MeshConfig mesh, ProxyConfig? pc = null)
    {
        var data = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["ProxyConfig"] = pc ?? mesh.DefaultConfig,
            ["MeshConfig"] = mesh,
        };
        return GoTemplate.Parse("t", text, FunctionTable.Create()).Execute(GoAnyMap.ReadOnly(data));
    }

    [Theory]
    [InlineData("{{ .ProxyConfig.InterceptionMode }}", "TPROXY")]
    [InlineData("{{ .ProxyConfig.InterceptionMode.String }}", "TPROXY")]
    [InlineData("{{ eq .ProxyConfig.InterceptionMode.String \"TPROXY\" }}", "true")]
    [InlineData("{{ .ProxyConfig.ProxyMetadata.A }}{{ range $k, $v := .ProxyConfig.ProxyMetadata }}{{ $k }}{{ end }}", "1AB")]
    [InlineData("{{ .ProxyConfig.HoldApplicationUntilProxyStarts.GetValue }}", "false")]
    [InlineData("{{ .ProxyConfig.GetTracing.GetTlsSettings.GetCaCertificates }}|", "|")]
    [InlineData("{{ .ProxyConfig.StatusPort }} {{ .ProxyConfig.GetStatusPort }}", "15020 15020")]
    [InlineData("{{ .ProxyConfig.DrainDuration.Seconds }}", "23")]
    [InlineData("{{ .ProxyConfig.GetServiceCluster }} {{ .ProxyConfig.ClusterName.ServiceCluster }}", "istio-proxy istio-proxy")]
    [InlineData("{{ .MeshConfig.TrustDomain }} {{ .MeshConfig.ProxyListenPort }} {{ .MeshConfig.DefaultConfig.StatusPort }}", "cluster.local 15001 15020")]
    [InlineData("{{ .MeshConfig.GetDefaultConfig.GetInterceptionMode }}", "TPROXY")]
    [InlineData("{{ .MeshConfig.EnablePrometheusMerge.GetValue }} {{ .MeshConfig.InboundTrafficPolicy.Mode }}", "true PASSTHROUGH")]
    [InlineData("{{ .MeshConfig.GetLocalityLbSetting.GetEnabled.GetValue }}", "true")]
    [InlineData("{{ len .MeshConfig.ExtensionProviders }} {{ (index .MeshConfig.ExtensionProviders 2).GetEnvoyFileAccessLog.GetPath }}", "3 /dev/stdout")]
    [InlineData("{{ protoToJSON .ProxyConfig }}", """{"drainDuration":"23s","interceptionMode":"TPROXY","proxyMetadata":{"A":"1","B":"2"}}""")]
    [InlineData("{{ printf \"%T %T %T\" .ProxyConfig .ProxyConfig.InterceptionMode .ProxyConfig.HoldApplicationUntilProxyStarts }}",
        "*v1alpha1.ProxyConfig v1alpha1.ProxyConfig_InboundInterceptionMode *wrapperspb.BoolValue")]
    public void TemplatesReadTheModelAsGoStructs(string text, string expected)
    {
        Assert.Equal(expected, Render(text, Mesh));
    }

    [Fact]
    public void ASetWrapperReadsItsValue()
    {
        var pc = Mesh.WithProxyConfigAnnotation("holdApplicationUntilProxyStarts: true").DefaultConfig;
        Assert.Equal("true true", Render("{{ .ProxyConfig.HoldApplicationUntilProxyStarts.GetValue }} {{ .ProxyConfig.HoldApplicationUntilProxyStarts.Value }}", Mesh, pc));
    }

    [Fact]
    public void EveryGetterOfEveryMessageWorksOnANilReceiver()
    {
        // Generic: each field of each message has its getter, answering the Go zero value through a nil pointer.
        var checkedGetters = 0;
        foreach (var type in ProtoCatalog.AllMessages)
        {
            var nil = ProtoValues.NilMessage(type);
            foreach (var field in type.Fields)
            {
                var method = nil.FindMethod("Get" + field.GoName);
                Assert.NotNull(method);
                var value = method!([]);
                switch (value)
                {
                    case GoNilPointer or GoSlice { IsNil: true } or GoMap { IsNil: true } or "" or 0L or false or 0.0 or GoEnum { Number: 0 } or null:
                        break;
                    default:
                        Assert.Fail($"{type.FullName}.Get{field.GoName} on nil gave {value}");
                        break;
                }
                checkedGetters++;
            }
        }
        Assert.True(checkedGetters > 400, checkedGetters.ToString());
    }

    [Fact]
    public void ToJsonIsTheMessageAsProtojson()
    {
        Assert.Equal("""{"configPath":"./etc/istio/proxy","binaryPath":"/usr/local/bin/envoy","serviceCluster":"istio-proxy","drainDuration":"23s","discoveryAddress":"istiod.istio-system.svc:15012","proxyAdminPort":15000,"controlPlaneAuthPolicy":"MUTUAL_TLS","statNameLength":189,"interceptionMode":"TPROXY","proxyMetadata":{"A":"1","B":"2"},"statusPort":15020,"terminationDrainDuration":"5s"}""",
            Render("{{ toJson .ProxyConfig }}", Mesh));
    }
}

public class MeshOneofTypeNameTests
{
    [Fact]
    public void OneofWrapperTypesAreNamedAsProtocGenGoNamesThem()
    {
        var pc = MeshConfig.Default.WithProxyConfigAnnotation("tracingServiceName: CANONICAL_NAME_ONLY").DefaultConfig;
        var text = GoTemplate.Parse("t", "{{ printf \"%T %T\" .ClusterName .Tracing }}", FunctionTable.Create()).Execute(pc);
        Assert.Equal("*v1alpha1.ProxyConfig_TracingServiceName_ *v1alpha1.Tracing", text);
        Assert.Equal("*v1alpha1.ProxyConfig_ServiceCluster",
            GoTemplate.Parse("t", "{{ printf \"%T\" .ClusterName }}", FunctionTable.Create()).Execute(ProxyConfig.Default));
    }
}
