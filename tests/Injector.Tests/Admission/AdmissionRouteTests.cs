using Injector.Admission;

namespace Injector.Tests.Admission;

/// <summary>Istio's parseInjectEnvs rule for the path after /inject, plus our rev/R.</summary>
public sealed class AdmissionRouteTests
{
    [Theory]
    [InlineData("/inject", null, null, null, "")]
    [InlineData("/inject/", null, null, null, "")]
    [InlineData("/inject/cluster/c1/net/n1", null, "c1", "n1", "")]
    [InlineData("/inject/net/n1/cluster/c1", null, "c1", "n1", "")]
    [InlineData("/inject/rev/canary", "canary", null, null, "")]
    [InlineData("/inject/rev/canary/cluster/c1/net/n1/", "canary", "c1", "n1", "")]
    // Any other key is the env of its upper-cased name; --slash-- in a value is '/'.
    [InlineData("/inject/zone/z1", null, null, null, "ZONE=z1")]
    [InlineData("/inject/cluster/c1/ISTIO_META_DNS_CAPTURE/true/x/a--slash--b", null, "c1", null, "ISTIO_META_DNS_CAPTURE=true,X=a/b")]
    // A last key without a value and an empty key are ignored; a later value of a key wins.
    [InlineData("/inject/cluster", null, null, null, "")]
    [InlineData("/inject/cluster/c1/net", null, "c1", null, "")]
    [InlineData("/inject/cluster//net/n", null, "", "n", "")]
    [InlineData("/inject//v/k/w", null, null, null, "K=w")]
    [InlineData("/inject/rev/a/rev/b", "b", null, null, "")]
    // The deprecated :ENV: form: K=V pairs, an empty key or a pair without '=' ignored, no --slash-- replacement.
    [InlineData("/inject/:ENV:cluster=c2:ENV:net=n2:ENV:foo=a--slash--b:ENV:=x:ENV:bare", null, "c2", "n2", "FOO=a--slash--b")]
    public void Routes_parse_as_Istio(string path, string? revision, string? cluster, string? network, string others)
    {
        Assert.True(AdmissionRoute.TryParse(path, out var route, out var error), error);
        Assert.Equal(revision, route.Revision);
        Assert.Equal(cluster, route.ClusterId);
        Assert.Equal(network, route.Network);
        Assert.Equal(others, string.Join(",", route.OtherEnvs.Select(e => e.Key + "=" + e.Value)));
    }

    [Theory]
    [InlineData("/injectx")]
    [InlineData("/other")]
    public void Other_paths_are_refused_with_a_message(string path)
    {
        Assert.False(AdmissionRoute.TryParse(path, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
