using Injector.Admission;

namespace Injector.Tests.Admission;

public sealed class AdmissionRouteTests
{
    [Theory]
    [InlineData("/inject", null, null, null)]
    [InlineData("/inject/", null, null, null)]
    [InlineData("/inject/cluster/c1/net/n1", null, "c1", "n1")]
    [InlineData("/inject/net/n1/cluster/c1", null, "c1", "n1")]
    [InlineData("/inject/rev/canary", "canary", null, null)]
    [InlineData("/inject/rev/canary/cluster/c1/net/n1/", "canary", "c1", "n1")]
    public void Valid_routes_parse(string path, string? revision, string? cluster, string? network)
    {
        Assert.True(AdmissionRoute.TryParse(path, out var route, out var error), error);
        Assert.Equal(revision, route.Revision);
        Assert.Equal(cluster, route.ClusterId);
        Assert.Equal(network, route.Network);
    }

    [Theory]
    [InlineData("/injectx")]
    [InlineData("/other")]
    [InlineData("/inject/cluster")]
    [InlineData("/inject/cluster/c1/net")]
    [InlineData("/inject/cluster//net/n")]
    [InlineData("/inject/zone/z1")]
    [InlineData("/inject/rev/a/rev/b")]
    public void Invalid_routes_are_refused_with_a_message(string path)
    {
        Assert.False(AdmissionRoute.TryParse(path, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
