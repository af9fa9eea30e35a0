using System.Text.Json.Nodes;
using Injector.Tests.Parity;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

/// <summary>Small pods reproducing what the fuzzer found (docs/reliability.md, "Found and fixed").</summary>
public sealed class FuzzFindingRegressionTests
{
    private const string GrpcAgent = "\"name\":\"app\",\"annotations\":{\"inject.istio.io/templates\":\"grpc-agent\"}";

    /// <summary>
    /// The user's istio-proxy is removed before the app containers get their env: the app's index must be its place
    /// after that removal. Before the fix the add went to /spec/containers/1/env of a one-element array (out of bounds).
    /// </summary>
    [Theory]
    [InlineData("[{\"name\":\"istio-proxy\",\"image\":\"p\"},{\"name\":\"app\",\"image\":\"a\"}]")]
    [InlineData("[{\"name\":\"a\",\"image\":\"a\"},{\"name\":\"istio-proxy\",\"image\":\"p\"},{\"name\":\"b\",\"image\":\"b\",\"env\":[]},{\"name\":\"c\",\"image\":\"c\"}]")]
    public void Grpc_app_containers_after_a_user_proxy_are_patched_where_they_are(string containers)
    {
        foreach (var template in new[] { "grpc-agent", "grpc-agent,grpc-simple", "sidecar,grpc-simple" })
        {
            var pod = Inject(Pod("\"name\":\"app\",\"annotations\":{\"inject.istio.io/templates\":\"" + template + "\"}", containers: containers));
            foreach (var c in pod["spec"]!["containers"]!.AsArray())
            {
                var name = (string?)c!["name"];
                if (name == "istio-proxy") continue;
                Assert.True(c["env"] is JsonArray { Count: > 0 }, template + ": " + name + " has no env");
            }
            Assert.Equal(1, CountNamed(pod, "istio-proxy"));
        }
    }

    [Fact]
    public void Grpc_reinjection_with_a_user_proxy_first_changes_nothing()
    {
        var once = Inject(Pod(GrpcAgent, containers: "[{\"name\":\"istio-proxy\",\"image\":\"p\"},{\"name\":\"app\",\"image\":\"a\"}]"));
        var twice = Inject(once.ToJsonString());
        Assert.Null(JsonComparison.FirstDifference(once, twice));
    }

    /// <summary>A user's istio-proxy in the list ours does not go to is merged over ours and removed from there.</summary>
    [Theory]
    [InlineData(true, "initContainers")]
    [InlineData(true, "containers")]
    [InlineData(false, "initContainers")]
    [InlineData(false, "containers")]
    public void User_proxy_in_either_list_gives_one_istio_proxy(bool native, string userList)
    {
        var revision = Revision("revision: default\nnativeSidecars: " + (native ? "true" : "false") + "\n");
        var user = "{\"name\":\"istio-proxy\",\"image\":\"custom/proxy:9\"}";
        var podJson = userList == "initContainers"
            ? Pod(specExtra: "\"initContainers\":[{\"name\":\"migrate\",\"image\":\"m\"}," + user + "]")
            : Pod(containers: "[{\"name\":\"app\",\"image\":\"a\"}," + user + "]");
        var once = Inject(podJson, revision);
        Assert.Equal(1, CountNamed(once, "istio-proxy"));
        var ours = native ? "initContainers" : "containers";
        var proxy = Container(once, "istio-proxy")!;
        Assert.Contains(proxy, once["spec"]![ours]!.AsArray());
        Assert.Equal("custom/proxy:9", (string?)proxy["image"]);
        Assert.NotNull(Container(once, "migrate") ?? Container(once, "app"));

        var twice = Inject(once.ToJsonString(), revision);
        Assert.Null(JsonComparison.FirstDifference(once, twice));
    }

    /// <summary>Found by the generated run: a userVolumeMount without mountPath crashed the merge with the user's mounts.</summary>
    [Fact]
    public void User_volume_mount_without_mount_path_merges_with_a_user_proxy()
    {
        var pod = Inject(Pod("\"name\":\"app\",\"annotations\":{\"sidecar.istio.io/userVolume\":\"{\\\"v\\\":{\\\"emptyDir\\\":{}}}\","
            + "\"sidecar.istio.io/userVolumeMount\":\"{\\\"v\\\":{\\\"readOnly\\\":true}}\"}",
            containers: "[{\"name\":\"app\",\"image\":\"a\"},{\"name\":\"istio-proxy\",\"volumeMounts\":[{\"name\":\"x\",\"mountPath\":\"/x\"}]}]",
            specExtra: "\"volumes\":[{\"name\":\"x\",\"emptyDir\":{}}]"));
        var mounts = Container(pod, "istio-proxy")!["volumeMounts"]!.AsArray();
        Assert.Contains(mounts, m => (string?)m!["name"] == "v");
        Assert.Contains(mounts, m => (string?)m!["mountPath"] == "/x");
    }

    /// <summary>Found by the generated run: a YAML complex key in proxy.istio.io/config crashed the JSON conversion.</summary>
    [Fact]
    public void Proxy_config_with_a_complex_key_is_denied_clearly()
    {
        var outcome = Run(Pod("\"name\":\"app\",\"annotations\":{\"proxy.istio.io/config\":\"concurrency: 2\\n? [a]\\n: 1\\n\"}"));
        Assert.Equal(Injector.Injection.InjectionOutcome.Denied, outcome.Result.Outcome);
        Assert.Contains("mapping keys must be plain strings", outcome.Result.Reason);
    }

    /// <summary>
    /// Found by the strict property (seed 0FcJ67PgkEN1): a userVolumeMount naming a volume nothing defines made the
    /// proxy mount a missing volume, a pod the API server refuses. Now denied, naming the annotation and the volume.
    /// </summary>
    [Fact]
    public void User_volume_mount_of_an_undefined_volume_is_denied()
    {
        var outcome = Run(Pod("\"name\":\"app\",\"annotations\":{\"sidecar.istio.io/userVolume\":\"{\\\"v\\\":{\\\"emptyDir\\\":{}}}\","
            + "\"sidecar.istio.io/userVolumeMount\":\"{\\\"v\\\":{\\\"mountPath\\\":\\\"/v\\\"},\\\"missing\\\":{\\\"mountPath\\\":\\\"/m\\\"}}\"}"));
        Assert.Equal(Injector.Injection.InjectionOutcome.Denied, outcome.Result.Outcome);
        Assert.Equal("annotation \"sidecar.istio.io/userVolumeMount\" mounts volume \"missing\", which neither spec.volumes nor "
            + "annotation \"sidecar.istio.io/userVolume\" defines", outcome.Result.Reason);
    }

    /// <summary>The volume may come from the pod, from userVolume, or from the template (istio-envoy); re-injection keeps it valid.</summary>
    [Theory]
    [InlineData("own")]
    [InlineData("istio-envoy")]
    [InlineData("v")]
    public void User_volume_mount_of_a_defined_volume_is_injected(string volume)
    {
        var annotations = "\"sidecar.istio.io/userVolume\":\"{\\\"v\\\":{\\\"emptyDir\\\":{}}}\","
            + "\"sidecar.istio.io/userVolumeMount\":\"{\\\"" + volume + "\\\":{\\\"mountPath\\\":\\\"/user\\\"}}\"";
        var once = Inject(Pod("\"name\":\"app\",\"annotations\":{" + annotations + "}", specExtra: "\"volumes\":[{\"name\":\"own\",\"emptyDir\":{}}]"));
        var mounts = Container(once, "istio-proxy")!["volumeMounts"]!.AsArray();
        Assert.Contains(mounts, m => (string?)m!["name"] == volume && (string?)m["mountPath"] == "/user");
        var twice = Inject(once.ToJsonString());
        Assert.Null(JsonComparison.FirstDifference(once, twice));
    }

    /// <summary>
    /// Found by the strict property: a user istio-proxy field that Go's Container does not know was kept in the merged
    /// proxy but left out of proxy.istio.io/overrides, so re-injection dropped it.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reinjection_keeps_a_user_proxy_field_go_does_not_know(bool native)
    {
        var revision = Revision("revision: default\nnativeSidecars: " + (native ? "true" : "false") + "\n");
        var once = Inject(Pod(containers: "[{\"name\":\"app\",\"image\":\"a\"},{\"name\":\"istio-proxy\",\"futureField\":{\"n\":[1]}}]"), revision);
        Assert.Equal("{\"n\":[1]}", Container(once, "istio-proxy")!["futureField"]!.ToJsonString());
        var twice = Inject(once.ToJsonString(), revision);
        Assert.Null(JsonComparison.FirstDifference(once, twice));
    }

    /// <summary>
    /// Found by the strict property (seed 11cTI2XwYwv1): a status annotation that does not list istio-proxy (here "{}")
    /// made the pod's own istio-proxy count as ours, so it was neither merged nor removed and the pod got two.
    /// </summary>
    [Theory]
    [InlineData("{}")]
    [InlineData("{\\\"containers\\\":[\\\"other\\\"]}")]
    public void Status_without_istio_proxy_still_merges_the_users_proxy(string status)
    {
        var pod = Pod("\"name\":\"gw\",\"annotations\":{\"inject.istio.io/templates\":\"gateway\",\"sidecar.istio.io/status\":\"" + status + "\"}",
            containers: "[{\"name\":\"app\",\"image\":\"a\"},{\"name\":\"istio-proxy\",\"image\":\"auto\",\"args\":[\"custom\"]}]");
        var once = Inject(pod);
        Assert.Equal(1, CountNamed(once, "istio-proxy"));
        Assert.Equal("[\"custom\"]", Container(once, "istio-proxy")!["args"]!.ToJsonString());
        var twice = Inject(once.ToJsonString());
        Assert.Null(JsonComparison.FirstDifference(once, twice));
    }

    /// <summary>
    /// Found by the generated run (seed 0DSQqg_o2uE1): grpc-agent with status.sidecar.istio.io/port "0" gave the proxy a
    /// mesh-metrics port with containerPort 0, which the API server refuses. Now the port is left out.
    /// </summary>
    [Fact]
    public void Grpc_agent_with_status_port_zero_has_no_port_zero()
    {
        var pod = Inject(Pod("\"name\":\"app\",\"annotations\":{\"inject.istio.io/templates\":\"grpc-agent\",\"status.sidecar.istio.io/port\":\"0\"}"));
        Assert.Null(Container(pod, "istio-proxy")!["ports"]);
        var usual = Inject(Pod(GrpcAgent));
        Assert.Equal(15020, (int)Container(usual, "istio-proxy")!["ports"]![0]!["containerPort"]!);
    }

    private static int CountNamed(JsonNode pod, string name)
    {
        var count = 0;
        foreach (var list in new[] { "initContainers", "containers" })
        {
            if (pod["spec"]![list] is not JsonArray array) continue;
            foreach (var c in array)
            {
                if ((string?)c!["name"] == name) count++;
            }
        }
        return count;
    }
}
