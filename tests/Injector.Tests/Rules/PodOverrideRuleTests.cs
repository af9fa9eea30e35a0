using System.Text.Json.Nodes;
using Injector.Admission;
using Xunit;

namespace Injector.Tests.Rules;

/// <summary>
/// Per-pod settings read by the stock template and inject.go: proxyImage is used only when it contains '/'
/// (else the revision's image), proxyImageType replaces a known -distroless/-debug tag suffix (default: none),
/// bootstrapOverride mounts the named ConfigMap, multus appends default/istio-cni to k8s.v1.cni.cncf.io/networks,
/// and ISTIO_META_NETWORK / ISTIO_META_CLUSTER_ID come from label topology.istio.io/network, else the route's
/// net/cluster, else the values.
/// </summary>
public sealed class PodOverrideRuleTests
{
    [Fact]
    public void ImageAndBootstrapOverrides()
    {
        var table = RuleHarness.Load();
        var gen = new PodGenerator(1580);
        var baseline = (string)RuleHarness.Proxy(RuleHarness.Send(table, gen.Pod()).Injected)["image"]!;
        var colon = baseline.LastIndexOf(':');
        var (repository, tag) = (baseline[..colon], baseline[(colon + 1)..]);
        foreach (var suffix in new[] { "-distroless", "-debug" })
        {
            if (tag.EndsWith(suffix, StringComparison.Ordinal)) tag = tag[..^suffix.Length];
        }
        for (var n = 0; n < 200; n++)
        {
            var pod = gen.Pod();
            var annotations = PodGenerator.Annotations(pod);
            string? image = gen.Chance(0.4) ? gen.Pick("myproxy:1", "registry.example/proxy:2", "plain") : null;
            string? type = gen.Chance(0.4) ? gen.Pick("distroless", "debug", "default", "custom") : null;
            string? bootstrap = gen.Chance(0.3) ? "cm-" + gen.Name(1, 8) : null;
            if (image is not null) annotations["sidecar.istio.io/proxyImage"] = image;
            if (type is not null) annotations["sidecar.istio.io/proxyImageType"] = type;
            if (bootstrap is not null) annotations["sidecar.istio.io/bootstrapOverride"] = bootstrap;
            var injected = RuleHarness.Inject(table, pod);
            var proxy = RuleHarness.Proxy(injected);

            var expected = image is not null && image.Contains('/') ? image
                : repository + ":" + (type is null or "default" ? (type is null ? baseline[(colon + 1)..] : tag) : tag + "-" + type);
            Assert.True((string?)proxy["image"] == expected, "image expected " + expected + " got " + proxy["image"] + " (" + image + ", " + type + ")");
            var init = RuleHarness.Container(injected, "initContainers", "istio-init");
            if (init is not null)
            {
                // ProxyInitImage goes through the same proxyImageURL, so proxyImageType applies to istio-init too.
                Assert.True((string?)init["image"] == expected, "istio-init image expected " + expected + " got " + init["image"]);
            }
            var volume = RuleHarness.List(injected, "volumes").OfType<JsonObject>().FirstOrDefault(v => (string?)v["name"] == "custom-bootstrap-volume");
            if (bootstrap is null)
            {
                Assert.Null(volume);
                Assert.Null(RuleHarness.Env(proxy, "ISTIO_BOOTSTRAP_OVERRIDE"));
            }
            else
            {
                Assert.True(volume is not null && (string?)volume["configMap"]!["name"] == bootstrap, "bootstrap volume: " + injected.ToJsonString());
                Assert.Equal("/etc/istio/custom-bootstrap/custom_bootstrap.json", RuleHarness.Env(proxy, "ISTIO_BOOTSTRAP_OVERRIDE"));
            }
        }
    }

    [Fact]
    public void MultusNetworksAnnotation()
    {
        var table = RuleHarness.Load("components.cni.enabled=true", "values.cni.provider=multus");
        var gen = new PodGenerator(1581);
        for (var n = 0; n < 120; n++)
        {
            var pod = gen.Pod();
            string? existing = gen.Chance(0.7) ? gen.Pick("", "macvlan-" + gen.Name(1, 4), "a, default/istio-cni", "[{\"name\": \"x\"}]", "[{\"name\":\"istio-cni\",\"namespace\":\"default\"}]") : null;
            if (existing is not null) PodGenerator.Annotations(pod)["k8s.v1.cni.cncf.io/networks"] = existing;
            var injected = RuleHarness.Inject(table, pod);
            string expected;
            if (string.IsNullOrEmpty(existing)) expected = "default/istio-cni";
            else if (existing.StartsWith('[')) expected = existing.Contains("istio-cni") ? existing : existing[..existing.LastIndexOf(']')] + ", {\"name\": \"istio-cni\", \"namespace\": \"default\"}]";
            else expected = existing.Split(',').Any(s => s.Trim() == "default/istio-cni") ? existing : existing + ", default/istio-cni";
            Assert.Equal(expected, RuleHarness.Map(injected, "annotations")["k8s.v1.cni.cncf.io/networks"]);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void NetworkAndClusterFromLabelRouteAndValues(bool setValues)
    {
        // With --set the revision is rendered; the embedded default (no network, cluster name unset) may be compiled.
        var table = setValues ? RuleHarness.Load("values.global.network=net-values", "values.global.multiCluster.clusterName=cluster-values") : RuleHarness.Load();
        string? valuesNetwork = setValues ? "net-values" : null;
        var valuesCluster = setValues ? "cluster-values" : "Kubernetes";
        var gen = new PodGenerator(setValues ? 1582 : 1583);
        for (var n = 0; n < 150; n++)
        {
            var pod = gen.Pod();
            string? label = gen.Chance(0.4) ? "net-label-" + gen.Name(1, 4) : null;
            if (label is not null) PodGenerator.Labels(pod)["topology.istio.io/network"] = label;
            string? routeCluster = gen.Chance(0.5) ? "c-" + gen.Name(1, 4) : null;
            string? routeNet = gen.Chance(0.5) ? "n-" + gen.Name(1, 4) : null;
            var answer = RuleHarness.Send(table, pod, "default", new AdmissionRoute(null, routeCluster, routeNet));
            var proxy = RuleHarness.Proxy(answer.Injected);
            var context = "label " + label + ", route cluster " + routeCluster + " net " + routeNet + ", path " + answer.Path;
            Assert.True(RuleHarness.Env(proxy, "ISTIO_META_NETWORK") == (label ?? routeNet ?? valuesNetwork), "network " + RuleHarness.Env(proxy, "ISTIO_META_NETWORK") + ": " + context);
            Assert.True(RuleHarness.Env(proxy, "ISTIO_META_CLUSTER_ID") == (routeCluster ?? valuesCluster), "cluster " + RuleHarness.Env(proxy, "ISTIO_META_CLUSTER_ID") + ": " + context);
        }
    }
}
