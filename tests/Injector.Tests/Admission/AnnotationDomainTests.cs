using System.Text;
using CsCheck;
using Injector.Admission;

namespace Injector.Tests.Admission;

/// <summary>
/// The coverage rule reads plain ASCII annotation keys as bytes, in place; it must decide exactly as the text rule
/// (<see cref="CompiledCoverage.IsReadByIstio(string)"/>) on every such key.
/// </summary>
public sealed class AnnotationDomainTests
{
    private static readonly string[] Parts =
    [
        "istio.io", "sidecar.istio.io", "/", "prometheus", "PROMETHEUS", "Prometheus", "prometheu", "p", "s", "kubectl.kubernetes.io",
        "default-container", "default-logs-container", "k8s.v1.cni.cncf.io", "apparmor", "AppArmor", ".", "-", "x", "io",
    ];

    [Fact]
    public void Bytes_rule_decides_as_the_text_rule()
    {
        Gen.Int[0, Parts.Length - 1].Array[0, 6].Sample(picks =>
        {
            var key = string.Concat(picks.Select(i => Parts[i]));
            Assert.True(CompiledCoverage.IsReadByIstio(key) == CompiledCoverage.IsReadByIstio(Encoding.ASCII.GetBytes(key)), key);
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("prometheus.io/scrape", true)]
    [InlineData("example.com/PrOmEtHeUs-port", true)]
    [InlineData("sidecar.istio.io/inject", true)]
    [InlineData("kubectl.kubernetes.io/default-container", true)]
    [InlineData("kubectl.kubernetes.io/last-applied-configuration", false)]
    [InlineData("k8s.v1.cni.cncf.io/networks", true)]
    [InlineData("container.apparmor.security.beta.kubernetes.io/app", true)]
    [InlineData("example.com/istio.io", false)]
    public void Known_keys(string key, bool read)
    {
        Assert.Equal(read, CompiledCoverage.IsReadByIstio(key));
        Assert.Equal(read, CompiledCoverage.IsReadByIstio(Encoding.ASCII.GetBytes(key)));
    }
}
