using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Injection;
using Injector.Tests.Parity;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

/// <summary>The grpc-simple template: bootstrap init container, its volume, and the app containers' env and mounts.</summary>
public sealed class GrpcSimpleTests
{
    private const string Volume = "grpc-io-proxyless-bootstrap";
    private const string Directory = "/var/lib/grpc/data/";

    private static string Annotated(string templates, string containers) =>
        Pod("\"name\":\"app\",\"annotations\":{\"inject.istio.io/templates\":\"" + templates + "\"}", containers: containers);

    private static string Containers(params string[] names) =>
        "[" + string.Join(",", Array.ConvertAll(names, n => "{\"name\":" + JsonSerializer.Serialize(n) + ",\"image\":\"i\"}")) + "]";

    [Theory]
    [InlineData("sidecar,grpc-simple", 1)]
    [InlineData("sidecar,grpc-simple", 3)]
    [InlineData("grpc-agent,grpc-simple", 1)]
    [InlineData("grpc-agent,grpc-simple", 3)]
    public void EveryAppContainerGetsTheBootstrapEnvAndMount(string templates, int apps)
    {
        var names = new string[apps];
        for (var i = 0; i < apps; i++) names[i] = "app" + i;
        var pod = Inject(Annotated(templates, Containers(names)));

        foreach (var name in names)
        {
            var c = Container(pod, name)!;
            Assert.Equal("/var/lib/grpc/data/bootstrap.json", EnvOf(c, "GRPC_XDS_BOOTSTRAP"));
            Assert.Equal("99", EnvOf(c, "GRPC_GO_LOG_VERBOSITY_LEVEL"));
            Assert.Equal("info", EnvOf(c, "GRPC_GO_LOG_SEVERITY_LEVEL"));
            Assert.Single(c["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == Volume && (string?)m["mountPath"] == Directory);
        }
        var volumes = pod["spec"]!["volumes"]!.AsArray();
        var volume = Assert.Single(volumes, v => (string?)v!["name"] == Volume);
        Assert.NotNull(volume!["emptyDir"]);
        var init = Container(pod, "grpc-bootstrap-init")!;
        Assert.Equal("busybox:1.28", (string?)init["image"]);
        Assert.Equal(Directory, (string?)init["volumeMounts"]![0]!["mountPath"]);
        Assert.Equal("false", (string?)pod["metadata"]!["annotations"]!["sidecar.istio.io/rewriteAppHTTPProbers"]);
        // The proxy template still applies alongside.
        Assert.NotNull(Container(pod, "istio-proxy"));
        // istio-proxy is never patched as an app container.
        Assert.Null(EnvOf(Container(pod, "istio-proxy")!, "GRPC_GO_LOG_SEVERITY_LEVEL"));
    }

    [Fact]
    public void WithGrpcAgentTheAppKeepsTheAgentMountsAndUsesTheSimpleBootstrap()
    {
        var pod = Inject(Annotated("grpc-agent,grpc-simple", Containers("app")));
        var c = Container(pod, "app")!;
        Assert.Equal("true", EnvOf(c, "GRPC_XDS_EXPERIMENTAL_SECURITY_SUPPORT"));
        Assert.Single(c["env"]!.AsArray(), e => (string?)e!["name"] == "GRPC_XDS_BOOTSTRAP");
        Assert.Equal("/var/lib/grpc/data/bootstrap.json", EnvOf(c, "GRPC_XDS_BOOTSTRAP"));
        var mounts = c["volumeMounts"]!.AsArray().Select(m => (string?)m!["name"]).ToArray();
        Assert.Contains("istio-xds", mounts);
        Assert.Contains(Volume, mounts);
    }

    [Fact]
    public void StatusRecordsTheInitContainerAndVolume()
    {
        var pod = Inject(Annotated("sidecar,grpc-simple", Containers("app")));
        var status = JsonNode.Parse((string)pod["metadata"]!["annotations"]!["sidecar.istio.io/status"]!)!;
        Assert.Contains("grpc-bootstrap-init", status["initContainers"]!.AsArray().Select(n => (string?)n));
        Assert.Contains(Volume, status["volumes"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void ExistingEnvAndMountsAreKeptAndNotDuplicated()
    {
        var pod = Inject(Annotated("sidecar,grpc-simple",
            "[{\"name\":\"app\",\"image\":\"i\",\"env\":[{\"name\":\"GRPC_GO_LOG_SEVERITY_LEVEL\",\"value\":\"error\"}],"
            + "\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/data\"}]}]"));
        var c = Container(pod, "app")!;
        Assert.Equal("error", EnvOf(c, "GRPC_GO_LOG_SEVERITY_LEVEL"));
        Assert.Single(c["env"]!.AsArray(), e => (string?)e!["name"] == "GRPC_GO_LOG_SEVERITY_LEVEL");
        Assert.Equal(2, c["volumeMounts"]!.AsArray().Count);
    }

    [Fact]
    public void HostileContainerNamesAreEscaped()
    {
        var hostile = new[] { "a\"b", "x/y~0z", "line\nbreak\\", "<script>" };
        var outcome = Run(Annotated("sidecar,grpc-simple", Containers(hostile)));
        Assert.Equal(InjectionOutcome.Injected, outcome.Result.Outcome);
        using var _ = JsonDocument.Parse(outcome.Patch); // the patch itself is valid JSON
        foreach (var name in hostile)
        {
            var c = Container(outcome.Pod!, name);
            Assert.NotNull(c);
            Assert.Equal("/var/lib/grpc/data/bootstrap.json", EnvOf(c!, "GRPC_XDS_BOOTSTRAP"));
        }
    }

    [Theory]
    [InlineData("sidecar,grpc-simple")]
    [InlineData("grpc-agent,grpc-simple")]
    public void ReinjectionEqualsInjectingOnce(string templates)
    {
        var once = Inject(Annotated(templates, Containers("a", "b", "c")));
        var twice = Inject(once.ToJsonString());
        var difference = JsonComparison.FirstDifference(once, twice);
        Assert.True(difference is null, difference);
        Assert.Single(twice["spec"]!["initContainers"]!.AsArray(), c => (string?)c!["name"] == "grpc-bootstrap-init");
        Assert.Single(twice["spec"]!["volumes"]!.AsArray(), v => (string?)v!["name"] == Volume);
    }

    [Fact]
    public void WorksWithClassicSidecarsAndExistingInitContainers()
    {
        var revision = Revision("revision: default\nnativeSidecars: false\n");
        var pod = Inject(Pod("\"name\":\"app\",\"annotations\":{\"inject.istio.io/templates\":\"sidecar,grpc-simple\"}",
            specExtra: "\"initContainers\":[{\"name\":\"migrate\",\"image\":\"m\"}],\"volumes\":[{\"name\":\"data\",\"emptyDir\":{}}]"), revision);
        var inits = pod["spec"]!["initContainers"]!.AsArray().Select(c => (string?)c!["name"]).ToArray();
        Assert.Equal("migrate", inits[0]);
        Assert.Contains("grpc-bootstrap-init", inits);
        Assert.Contains(Volume, pod["spec"]!["volumes"]!.AsArray().Select(v => (string?)v!["name"]));
        var twice = Inject(pod.ToJsonString(), revision);
        Assert.Null(JsonComparison.FirstDifference(pod, twice));
    }

    [Fact]
    public void DefaultTemplatesFromTheRevisionApply()
    {
        var revision = Revision("revision: canary\ndefaultTemplates: [sidecar, grpc-simple]\n");
        var pod = Inject(Pod(), revision);
        Assert.NotNull(Container(pod, "grpc-bootstrap-init"));
    }

    [Fact]
    public void AloneIsDeniedWithAClearMessage()
    {
        var outcome = Run(Annotated(" grpc-simple ", Containers("app")));
        Assert.Equal(InjectionOutcome.Denied, outcome.Result.Outcome);
        Assert.Contains("must be combined", outcome.Result.Reason);
        Assert.Throws<InvalidDataException>(() => Revision("revision: x\ndefaultTemplates: [grpc-simple]\n"));
    }

    [Theory]
    [InlineData("revision: default\n", "dns:///istiod.istio-system.svc:15010")]
    [InlineData("revision: canary\n", "dns:///istiod-canary.istio-system.svc:15010")]
    [InlineData("revision: default\ndiscoveryAddress: istiod.mesh-cp.svc:15012\n", "dns:///istiod.mesh-cp.svc:15010")]
    public void ServerUriComesFromTheRevisionsDiscoveryAddress(string yaml, string expected)
    {
        var pod = Inject(Annotated("sidecar,grpc-simple", Containers("app")), Revision(yaml));
        var script = (string)Container(pod, "grpc-bootstrap-init")!["command"]![2]!;
        Assert.Contains("\"server_uri\":\"" + expected + "\"", script);
    }

    [Theory]
    [InlineData("discoveryAddress: \"istiod'; rm -rf /; echo '.svc:15012\"\n")]
    [InlineData("clusterDomain: \"cluster.local$(id)\"\n")]
    public void RevisionValuesThatWouldBreakTheScriptAreRejected(string line)
    {
        var error = Assert.Throws<InvalidDataException>(() => Revision("revision: default\n" + line));
        Assert.Contains(line.Split(':')[0], error.Message);
    }

    /// <summary>Runs the init container's real script in sh and parses the file it writes.</summary>
    [Fact]
    public void TheScriptWritesAValidBootstrap()
    {
        var pod = Inject(Annotated("sidecar,grpc-simple", Containers("app")),
            Revision("revision: default\ndiscoveryAddress: istiod.cp.svc:15012\nclusterDomain: example.org\n"));
        var init = Container(pod, "grpc-bootstrap-init")!;
        Assert.Equal("sh", (string?)init["command"]![0]);
        Assert.Equal("-c", (string?)init["command"]![1]);
        var dir = System.IO.Directory.CreateTempSubdirectory("grpcsimple");
        try
        {
            var script = ((string)init["command"]![2]!).Replace("/var/lib/grpc/data/bootstrap.json", Path.Combine(dir.FullName, "bootstrap.json"));
            var start = new ProcessStartInfo("sh") { RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            start.Environment["INSTANCE_IP"] = "10.1.2.3";
            start.Environment["POD_NAME"] = "web-0";
            start.Environment["POD_NAMESPACE"] = "shop";
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            var bootstrap = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.FullName, "bootstrap.json")))!;
            Assert.Equal("sidecar~10.1.2.3~web-0.shop~example.org", (string?)bootstrap["node"]!["id"]);
            Assert.Equal("grpc", (string?)bootstrap["node"]!["metadata"]!["GENERATOR"]);
            var server = bootstrap["xds_servers"]![0]!;
            Assert.Equal("dns:///istiod.cp.svc:15010", (string?)server["server_uri"]);
            Assert.Equal("insecure", (string?)server["channel_creds"]![0]!["type"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string? EnvOf(JsonNode container, string name)
    {
        if (container["env"] is not JsonArray env) return null;
        foreach (var e in env)
        {
            if ((string?)e!["name"] == name) return (string?)e["value"];
        }
        return null;
    }
}
