using System.Text.Json.Nodes;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

/// <summary>The patch applies cleanly to the pod as sent, whichever parents exist.</summary>
public sealed class PatchShapeTests
{
    [Fact]
    public void PodWithoutLabelsAnnotationsInitContainersOrVolumesGetsThemWhole()
    {
        var pod = Inject("{\"kind\":\"Pod\",\"metadata\":{\"name\":\"bare\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}");
        Assert.Equal("istio", (string?)pod["metadata"]!["labels"]!["security.istio.io/tlsMode"]);
        Assert.Equal("bare", (string?)pod["metadata"]!["labels"]!["service.istio.io/canonical-name"]);
        Assert.Equal("c", (string?)pod["metadata"]!["annotations"]!["kubectl.kubernetes.io/default-container"]);
        Assert.NotNull(pod["metadata"]!["annotations"]!["sidecar.istio.io/status"]);
        var init = pod["spec"]!["initContainers"]!.AsArray();
        Assert.Equal(["istio-init", "istio-proxy"], init.Select(c => (string)c!["name"]!));
        Assert.Equal("Always", (string?)init[1]!["restartPolicy"]);
        Assert.Contains(pod["spec"]!["volumes"]!.AsArray(), v => (string?)v!["name"] == "istio-envoy");
    }

    [Fact]
    public void PodWithoutMetadataOrSpecStillGetsAValidPatch()
    {
        var pod = Inject("{\"kind\":\"Pod\"}");
        Assert.NotNull(pod["metadata"]!["annotations"]!["istio.io/rev"]);
        Assert.Equal("istio-proxy", (string?)pod["spec"]!["initContainers"]![1]!["name"]);
    }

    [Fact]
    public void ExistingEntriesAreKeptAndOursAddedAround()
    {
        var pod = Inject(Pod(
            "\"name\":\"p\",\"labels\":{\"app\":\"shop\",\"version\":\"v2\"},\"annotations\":{\"team\":\"a\"}",
            "\"initContainers\":[{\"name\":\"migrate\",\"image\":\"m\"}],\"volumes\":[{\"name\":\"data\",\"emptyDir\":{}}],\"imagePullSecrets\":[{\"name\":\"mine\"}]"));
        Assert.Equal("shop", (string?)pod["metadata"]!["labels"]!["service.istio.io/canonical-name"]);
        Assert.Equal("v2", (string?)pod["metadata"]!["labels"]!["service.istio.io/canonical-revision"]);
        Assert.Equal("a", (string?)pod["metadata"]!["annotations"]!["team"]);
        // Native sidecar: ours first, so the user's init containers run inside the mesh.
        Assert.Equal(["istio-init", "istio-proxy", "migrate"], pod["spec"]!["initContainers"]!.AsArray().Select(c => (string)c!["name"]!));
        // Istio's volumes first, then the pod's own, as the strategic merge of Istio's template lists them.
        Assert.Equal("data", (string?)pod["spec"]!["volumes"]!.AsArray()[^1]!["name"]);
        Assert.Equal("workload-socket", (string?)pod["spec"]!["volumes"]![0]!["name"]);
        Assert.Single(pod["spec"]!["imagePullSecrets"]!.AsArray());
    }

    [Fact]
    public void ClassicSidecarGoesLastInContainersAndInitLastInInitContainers()
    {
        var revision = Revision("revision: default\nnativeSidecars: false\n");
        var pod = Inject(Pod("\"name\":\"p\"", "\"initContainers\":[{\"name\":\"migrate\",\"image\":\"m\"}]",
            "[{\"name\":\"a\",\"image\":\"a\"},{\"name\":\"b\",\"image\":\"b\"}]"), revision);
        Assert.Equal(["a", "b", "istio-proxy"], pod["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Equal(["migrate", "istio-init"], pod["spec"]!["initContainers"]!.AsArray().Select(c => (string)c!["name"]!));
        Assert.Null(Container(pod, "istio-proxy")!["restartPolicy"]);
    }

    [Fact]
    public void HoldApplicationPutsClassicProxyFirst()
    {
        var revision = Revision("revision: default\nnativeSidecars: false\nholdApplicationUntilProxyStarts: true\n");
        var pod = Inject(Pod(), revision);
        Assert.Equal("istio-proxy", (string?)pod["spec"]!["containers"]![0]!["name"]);
        Assert.Equal("wait", (string?)pod["spec"]!["containers"]![0]!["lifecycle"]!["postStart"]!["exec"]!["command"]![1]);
    }

    [Fact]
    public void ConfiguredPullSecretsAndAnnotationsAreAdded()
    {
        var revision = Revision("revision: default\nimagePullSecrets: [regcred]\ninjectedAnnotations: {example.com/injected: \"yes\"}\n");
        var pod = Inject(Pod(), revision);
        Assert.Equal("regcred", (string?)pod["spec"]!["imagePullSecrets"]![0]!["name"]);
        Assert.Equal("yes", (string?)pod["metadata"]!["annotations"]!["example.com/injected"]);
        Assert.Contains("\"imagePullSecrets\":[\"regcred\"]", (string?)pod["metadata"]!["annotations"]!["sidecar.istio.io/status"]);
    }

    [Fact]
    public void CniInjectsValidationInsteadOfInit()
    {
        var pod = Inject(Pod(), Revision("revision: default\ncni: true\n"));
        var validation = Container(pod, "istio-validation")!;
        Assert.Null(Container(pod, "istio-init"));
        Assert.Contains("--run-validation", validation["args"]!.AsArray().Select(a => (string)a!));
        Assert.Null(validation["securityContext"]!["capabilities"]!["add"]);
    }

    [Fact]
    public void TrafficAnnotationsBecomeIptablesFlags()
    {
        var pod = Inject(Pod("\"annotations\":{\"traffic.sidecar.istio.io/excludeOutboundPorts\":\"5432\",\"traffic.sidecar.istio.io/includeOutboundIPRanges\":\"10.0.0.0/8\",\"status.sidecar.istio.io/port\":\"15999\"}"));
        var args = Container(pod, "istio-init")!["args"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Equal("5432", args[args.IndexOf("-o") + 1]);
        Assert.Equal("10.0.0.0/8", args[args.IndexOf("-i") + 1]);
        Assert.Equal("15090,15021,15999", args[args.IndexOf("-d") + 1]);
    }

    [Fact]
    public void LargePodsArePatchedWithoutTouchingTheirEnv()
    {
        var env = string.Join(",", Enumerable.Range(0, 2000).Select(i => "{\"name\":\"V" + i + "\",\"value\":\"" + i + "\"}"));
        var outcome = Run(Pod(containers: "[{\"name\":\"big\",\"image\":\"b\",\"env\":[" + env + "]}]"));
        Assert.DoesNotContain("V1999", outcome.Patch);
        Assert.Equal(2000, outcome.Pod!["spec"]!["containers"]![0]!["env"]!.AsArray().Count);
    }
}
