using System.Text.Json.Nodes;
using Injector.Istio.Mesh;
using Xunit;

namespace Injector.Tests.Istio.Mesh;

public class MeshDefaultsTests
{
    [Fact]
    public void DefaultProxyConfigIsIstios()
    {
        Assert.Equal(
            """{"configPath":"./etc/istio/proxy","binaryPath":"/usr/local/bin/envoy","serviceCluster":"istio-proxy","drainDuration":"45s","discoveryAddress":"istiod.istio-system.svc:15012","proxyAdminPort":15000,"controlPlaneAuthPolicy":"MUTUAL_TLS","statNameLength":189,"statusPort":15020,"terminationDrainDuration":"5s"}""",
            ProxyConfig.Default.ToJson().ToJsonString());
    }

    [Fact]
    public void DefaultProxyConfigPrintsNothingAfterCleaning()
    {
        Assert.Equal("{}", ProxyConfig.Default.ToProtoJson());
    }

    [Fact]
    public void DefaultMeshConfigIsIstios()
    {
        var mesh = MeshConfig.Default;
        var json = mesh.ToJson();
        Assert.True(json["enableTracing"]!.GetValue<bool>());
        Assert.Equal("STRICT", json["ingressControllerMode"]!.ToString());
        Assert.Equal("cluster.local", mesh.TrustDomain);
        Assert.Equal("PASSTHROUGH", mesh.InboundTrafficPolicyMode);
        Assert.Equal("ALLOW_ANY", mesh.OutboundTrafficPolicyMode);
        Assert.True(mesh.EnablePrometheusMerge);
        Assert.Equal(15001, mesh.ProxyListenPort);
        Assert.Equal(15006, mesh.ProxyInboundListenPort);
        Assert.Equal("0s", json["protocolDetectionTimeout"]!.ToString());
        Assert.Equal("10s", json["connectTimeout"]!.ToString());
        Assert.Equal("60s", json["dnsRefreshRate"]!.ToString());
        Assert.Equal("""{"enabled":true}""", json["localityLbSetting"]!.ToJsonString());
        Assert.Equal("{}", json["inboundTrafficPolicy"]!.ToJsonString());
        Assert.Equal(
            """[{"name":"prometheus","prometheus":{}},{"name":"stackdriver","stackdriver":{}},{"name":"envoy","envoyFileAccessLog":{"path":"/dev/stdout"}}]""",
            json["extensionProviders"]!.ToJsonString());
        Assert.Equal(15020, mesh.DefaultConfig.StatusPort);
        Assert.Equal("REDIRECT", mesh.DefaultConfig.InterceptionMode);
    }

    [Fact]
    public void ChartDefaultMeshWithARevisionPrintsItsDiscoveryAddress()
    {
        var mesh = MeshConfig.Apply("""
            trustDomain: "cluster.local"
            rootNamespace: "istio-system"
            defaultConfig:
              discoveryAddress: istiod-canary.istio-system.svc:15012
            enablePrometheusMerge: true
            """, MeshConfig.Default);
        Assert.Equal("""{"discoveryAddress":"istiod-canary.istio-system.svc:15012"}""", mesh.DefaultConfig.ToProtoJson());
    }
}
