using Injector.Rendering;

namespace Injector.Tests.Rendering;

/// <summary>Istio's kubelet check (hashicorp go-version's <c>NewVersion</c>, <c>Segments()[1] &gt;= 33</c>) on the
/// version spellings kubelets report.</summary>
public sealed class NativeSidecarSupportTests
{
    [Theory]
    [InlineData("v1.33.0", true)]
    [InlineData("v1.33.4-eks-1234abc", true)]
    [InlineData("v1.34.1+k3s1", true)]
    [InlineData("v1.35.0-gke.1000", true)]
    [InlineData("1.33", true)]
    [InlineData("v1.32.9", false)]
    [InlineData("v1.28.15-eks-a", false)]
    [InlineData("v1", false)]                    // padded to 1.0.0
    [InlineData("v2.0.0", false)]                // the minor alone is compared, as Istio does
    [InlineData("", false)]
    [InlineData("garbage", false)]
    [InlineData(" v1.33.0", false)]
    [InlineData("v1.33.0\n", false)]
    [InlineData("v1.99999999999999999999.0", false)] // a segment out of int64: the parse fails
    [InlineData("v1.-33.0", false)]
    public void KubeletVersions(string version, bool supports) => Assert.Equal(supports, NativeSidecarSupport.KubeletSupports(version));

    [Fact]
    public void DetectPrefersTheKnownNodeOfThePod()
    {
        var Lookup = new Dictionary<string, bool> { ["old"] = false, ["new"] = true };
        Assert.True(NativeSidecarSupport.Detect("new", Lookup, allNodesSupport: false));
        Assert.False(NativeSidecarSupport.Detect("old", Lookup, allNodesSupport: true));
        Assert.True(NativeSidecarSupport.Detect("unknown", Lookup, allNodesSupport: true));
        Assert.False(NativeSidecarSupport.Detect("", Lookup, allNodesSupport: false));
    }
}
