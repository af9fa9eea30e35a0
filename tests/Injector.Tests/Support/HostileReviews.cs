using System.Text;
using System.Text.Json.Nodes;
using Injector.Tests.Admission;

namespace Injector.Tests.Support;

/// <summary>
/// The reproducers of issue 12 (hostile input that crashed, stalled or bloated the webhook), as AdmissionReview bodies
/// built from the real pod-create fixture, each at a size the caller chooses: the CI tests use affordable sizes (still
/// far past what the old code survived), the long run and the soak the full sizes.
/// </summary>
internal static class HostileReviews
{
    /// <summary><c>proxy.istio.io/config: "a: [[[…]]]"</c>: 60,000 levels (a 123 KB review) crashed the process with SIGSEGV.</summary>
    public static byte[] DeepYaml(int levels) =>
        WithAnnotations(("proxy.istio.io/config", "a: " + new string('[', levels) + new string(']', levels)));

    /// <summary>The 330-byte YAML alias bomb: level i lists level i-1 ten times; 7 levels made a 210 MB answer.</summary>
    public static string AliasBombYaml(int levels = 7, int width = 10)
    {
        var yaml = new StringBuilder();
        yaml.Append("l0: &l0 [").Append(string.Join(",", Enumerable.Repeat("x", width))).Append("]\n");
        for (var i = 1; i < levels; i++)
        {
            yaml.Append('l').Append(i).Append(": &l").Append(i).Append(" [")
                .Append(string.Join(",", Enumerable.Repeat("*l" + (i - 1), width))).Append("]\n");
        }
        return yaml.ToString();
    }

    public static byte[] AliasBomb(int levels = 7, int width = 10) => WithAnnotations(("proxy.istio.io/config", AliasBombYaml(levels, width)));

    /// <summary>An alias inside the node it names: YamlDotNet builds a cycle, and walking it overflowed the stack.</summary>
    public static byte[] RecursiveAlias() => WithAnnotations(("proxy.istio.io/config", "a: &x [*x]"));

    /// <summary>The status lists <paramref name="names"/> volume names (none the pod has) and the pod has <paramref name="volumes"/> volumes: 20k × 5k took 7.8 s.</summary>
    public static byte[] StatusNamesAgainstVolumes(int names, int volumes) => Edit(pod =>
    {
        Annotations(pod)["sidecar.istio.io/status"] = Status("volumes", Enumerable.Range(0, names).Select(i => "gone-" + i));
        var list = new JsonArray();
        for (var i = 0; i < volumes; i++) list.Add(new JsonObject { ["name"] = "data-" + i, ["emptyDir"] = new JsonObject() });
        pod["spec"]!["volumes"] = list;
    });

    /// <summary>The status lists <c>istio-proxy</c> <paramref name="names"/> times and the pod has <paramref name="containers"/> containers: 10k × 5k took 12.7 s.</summary>
    public static byte[] StatusNamesAgainstContainers(int names, int containers) => Edit(pod =>
    {
        Annotations(pod)["sidecar.istio.io/status"] = Status("containers", Enumerable.Repeat("istio-proxy", names));
        var list = new JsonArray();
        for (var i = 0; i < containers; i++) list.Add(new JsonObject { ["name"] = "app-" + i, ["image"] = "app:1" });
        pod["spec"]!["containers"] = list;
    });

    /// <summary>The status lists <paramref name="names"/> secret names and the pod has <paramref name="secrets"/> image pull secrets.</summary>
    public static byte[] StatusNamesAgainstPullSecrets(int names, int secrets) => Edit(pod =>
    {
        Annotations(pod)["sidecar.istio.io/status"] = Status("imagePullSecrets", Enumerable.Range(0, names).Select(i => "gone-" + i));
        var list = new JsonArray();
        for (var i = 0; i < secrets; i++) list.Add(new JsonObject { ["name"] = "pull-" + i });
        pod["spec"]!["imagePullSecrets"] = list;
    });

    /// <summary>
    /// <paramref name="mounts"/> userVolumeMount entries, each mounting a pod volume of its own name, in a pod with
    /// <paramref name="volumes"/> other volumes: each mount used to be looked up by scanning every pod volume.
    /// </summary>
    public static byte[] UserMountsAgainstVolumes(int mounts, int volumes) => Edit(pod =>
    {
        var list = new JsonArray();
        for (var i = 0; i < volumes; i++) list.Add(new JsonObject { ["name"] = "data-" + i, ["emptyDir"] = new JsonObject() });
        var annotation = new JsonObject();
        for (var i = 0; i < mounts; i++)
        {
            annotation["mounted-" + i] = new JsonObject { ["mountPath"] = "/m/" + i };
            list.Add(new JsonObject { ["name"] = "mounted-" + i, ["emptyDir"] = new JsonObject() });
        }
        pod["spec"]!["volumes"] = list;
        Annotations(pod)["sidecar.istio.io/userVolumeMount"] = annotation.ToJsonString();
    });

    /// <summary>A user <c>istio-proxy</c> with <paramref name="mounts"/> volumeMounts and as many userVolumeMount entries: our list against the user's.</summary>
    public static byte[] ProxyMountsMerge(int mounts) => Edit(pod =>
    {
        var userMounts = new JsonArray();
        var annotation = new JsonObject();
        var volumes = new JsonArray();
        for (var i = 0; i < mounts; i++)
        {
            userMounts.Add(new JsonObject { ["name"] = "u" + i, ["mountPath"] = "/user/" + i });
            annotation["a" + i] = new JsonObject { ["mountPath"] = "/annotated/" + i };
            volumes.Add(new JsonObject { ["name"] = "u" + i, ["emptyDir"] = new JsonObject() });
            volumes.Add(new JsonObject { ["name"] = "a" + i, ["emptyDir"] = new JsonObject() });
        }
        pod["spec"]!["volumes"] = volumes;
        ((JsonArray)pod["spec"]!["containers"]!).Add(new JsonObject { ["name"] = "istio-proxy", ["volumeMounts"] = userMounts });
        Annotations(pod)["sidecar.istio.io/userVolumeMount"] = annotation.ToJsonString();
    });

    /// <summary>
    /// <paramref name="containers"/> app containers whose readiness probe looks rewritten by an earlier injection, and no
    /// previous probers to carry: each probe used to search all containers again for them.
    /// </summary>
    public static byte[] RewrittenProbesWithoutProbers(int containers) => Edit(pod =>
    {
        var list = new JsonArray();
        for (var i = 0; i < containers; i++)
        {
            list.Add(new JsonObject
            {
                ["name"] = "app-" + i,
                ["image"] = "app:1",
                ["readinessProbe"] = new JsonObject { ["httpGet"] = new JsonObject { ["path"] = "/app-health/app-" + i + "/readyz", ["port"] = 15020 } },
            });
        }
        pod["spec"]!["containers"] = list;
    });

    /// <summary>The fixture with these pod annotations set.</summary>
    public static byte[] WithAnnotations(params (string Key, string Value)[] annotations) => Edit(pod =>
    {
        foreach (var (key, value) in annotations) Annotations(pod)[key] = value;
    });

    /// <summary>The fixture with <paramref name="edit"/> applied to its pod.</summary>
    public static byte[] Edit(Action<JsonObject> edit) => AdmissionTestData.Edited(review => edit(review["request"]!["object"]!.AsObject()));

    public static JsonObject Annotations(JsonObject pod)
    {
        var metadata = pod["metadata"]!.AsObject();
        return metadata["annotations"] as JsonObject ?? (JsonObject)(metadata["annotations"] = new JsonObject());
    }

    private static string Status(string list, IEnumerable<string> names)
    {
        var status = new JsonObject { ["revision"] = "default" };
        status[list] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
        return status.ToJsonString();
    }
}
