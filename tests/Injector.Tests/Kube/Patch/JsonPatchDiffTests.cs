using System.Text;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Kube.Patch;
using Injector.Tests.Parity;
using Injector.Tests.Support;

namespace Injector.Tests.Kube.Patch;

public sealed class JsonPatchDiffTests
{
    private static JsonNode CapturedPod(string fixture) =>
        JsonNode.Parse(File.ReadAllBytes(TestPaths.Fixture(fixture)))!["request"]!["object"]!.DeepClone();

    /// <summary>Diffs, applies the patch to the original with ASP.NET Core's applier, and checks the result
    /// normalizes to the final pod. Returns the operations and the patched original.</summary>
    private static (List<JsonPatchOperation> Ops, JsonNode Patched) RoundTrip(JsonNode original, JsonObject final)
    {
        final = PodNormalizer.Normalize(final); // a final pod is always normalized (Go order, omitempty)
        var normalized = PodNormalizer.Normalize(original);
        var ops = JsonPatchDiff.Diff(original, normalized, final);
        var patched = PatchApplier.Apply(original, JsonPatchDiff.ToJson(ops));
        var renormalized = PodNormalizer.Normalize(patched);
        Assert.True(JsonNode.DeepEquals(final, renormalized),
            $"patched pod differs:\n{Encoding.UTF8.GetString(GoJson.Serialize(renormalized))}\nwanted\n{Encoding.UTF8.GetString(GoJson.Serialize(final))}\nops {Encoding.UTF8.GetString(JsonPatchDiff.ToJson(ops))}");
        return (ops, patched);
    }

    private static string Describe(List<JsonPatchOperation> ops) => string.Join(" ", ops.Select(o => o.Op + " " + o.Path));

    [Fact]
    public void Nothing_changed_gives_no_operations()
    {
        var pod = CapturedPod("hello.json");
        var normalized = PodNormalizer.Normalize(pod);
        Assert.Empty(JsonPatchDiff.Diff(pod, normalized, normalized.DeepClone().AsObject()));
    }

    [Fact]
    public void Inserting_the_proxy_before_the_app_containers_is_one_add()
    {
        var pod = CapturedPod("multi-container.json");
        var final = PodNormalizer.Normalize(pod);
        final["spec"]!["containers"]!.AsArray().Insert(0, new JsonObject { ["name"] = "istio-proxy", ["image"] = "proxyv2", ["resources"] = new JsonObject() });
        final["spec"]!["initContainers"] = new JsonArray(new JsonObject { ["name"] = "istio-init", ["resources"] = new JsonObject() });
        final["spec"]!["volumes"]!.AsArray().Add(new JsonObject { ["name"] = "istio-envoy", ["emptyDir"] = new JsonObject() });
        final["metadata"]!["annotations"] = new JsonObject { ["sidecar.istio.io/status"] = "{}" };
        final["metadata"]!["labels"]!["security.istio.io/tlsMode"] = "istio";
        var (ops, _) = RoundTrip(pod, final);
        Assert.Equal(
            "add /metadata/labels/security.istio.io~1tlsMode add /metadata/annotations add /spec/volumes/1 add /spec/initContainers add /spec/containers/0",
            Describe(ops));
    }

    [Fact]
    public void A_changed_app_container_is_patched_where_it_changed()
    {
        var pod = CapturedPod("ready_live.json");
        var final = PodNormalizer.Normalize(pod);
        var app = final["spec"]!["containers"]![0]!;
        app["readinessProbe"]!["httpGet"]!["path"] = "/app-health/hello/readyz";
        app["readinessProbe"]!["httpGet"]!["port"] = 15020;
        final["spec"]!["containers"]!.AsArray().Add(new JsonObject { ["name"] = "istio-proxy", ["resources"] = new JsonObject() });
        var (ops, _) = RoundTrip(pod, final);
        Assert.Equal(
            "replace /spec/containers/0/readinessProbe/httpGet/path replace /spec/containers/0/readinessProbe/httpGet/port add /spec/containers/2",
            Describe(ops));
    }

    [Fact]
    public void Unknown_members_and_unchanged_elements_of_the_original_are_left_alone()
    {
        var pod = CapturedPod("multi-container.json");
        pod["spec"]!["containers"]![0]!["futureField"] = new JsonObject { ["x"] = 1 };
        pod["spec"]!["containers"]![1]!["futureField"] = "kept";
        pod["spec"]!["futureSpecField"] = true;
        var final = PodNormalizer.Normalize(pod);
        final["spec"]!["containers"]![1]!["image"] = "other:2";
        final["spec"]!["containers"]!.AsArray().RemoveAt(2);
        var (ops, patched) = RoundTrip(pod, final);
        Assert.Equal("replace /spec/containers/1/image remove /spec/containers/2", Describe(ops));
        Assert.Equal(1, (int)patched["spec"]!["containers"]![0]!["futureField"]!["x"]!);
        Assert.Equal("kept", (string)patched["spec"]!["containers"]![1]!["futureField"]!);
        Assert.True((bool)patched["spec"]!["futureSpecField"]!);
    }

    [Fact]
    public void Members_spelled_in_another_case_are_replaced_by_the_field_name()
    {
        var pod = JsonNode.Parse("""{"kind":"Pod","spec":{"containers":[{"NAME":"a","image":"x","Image":"y","ImagePullPolicy":"Always"}]}}""")!;
        var final = PodNormalizer.Normalize(pod);
        Assert.Equal("y", (string)final["spec"]!["containers"]![0]!["image"]!);
        final["spec"]!["containers"]![0]!["image"] = "z";
        final["spec"]!["containers"]![0]!["imagePullPolicy"] = "Never";
        var (ops, patched) = RoundTrip(pod, final);
        Assert.Equal("remove /spec/containers/0/image remove /spec/containers/0/Image add /spec/containers/0/image remove /spec/containers/0/ImagePullPolicy add /spec/containers/0/imagePullPolicy", Describe(ops));
        Assert.Equal("""{"NAME":"a","image":"z","imagePullPolicy":"Never"}""", patched["spec"]!["containers"]![0]!.ToJsonString());
    }

    [Fact]
    public void Values_go_dropped_before_normalization_are_replaced_in_place()
    {
        var pod = JsonNode.Parse("""{"spec":{"hostNetwork":false,"containers":[{"name":"a","resources":{"limits":{"cpu":0.5}}}]}}""")!;
        var final = PodNormalizer.Normalize(pod);
        Assert.Empty(JsonPatchDiff.Diff(pod, PodNormalizer.Normalize(pod), final)); // 0.5 and "500m" are the same
        final["spec"]!["hostNetwork"] = true;
        final["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"] = "1";
        var (ops, _) = RoundTrip(pod, final);
        Assert.Equal("replace /spec/containers/0/resources/limits/cpu replace /spec/hostNetwork", Describe(ops));
    }

    [Fact]
    public void Removed_fields_remove_every_spelling_and_paths_are_escaped()
    {
        var pod = JsonNode.Parse("""{"metadata":{"annotations":{"a/b~c":"1","keep":"2"},"Labels":{"x":"y"}},"spec":{"containers":[]}}""")!;
        var final = PodNormalizer.Normalize(pod);
        final["metadata"]!["annotations"]!.AsObject().Remove("a/b~c");
        final["metadata"]!.AsObject().Remove("labels");
        var (ops, _) = RoundTrip(pod, final);
        Assert.Equal("remove /metadata/Labels remove /metadata/annotations/a~1b~0c", Describe(ops));
    }

    [Fact]
    public void A_changed_element_of_a_list_without_keys_is_patched_in_place()
    {
        var pod = JsonNode.Parse("""{"spec":{"containers":[{"name":"a","args":["--x","1","--y"]}]}}""")!;
        var final = PodNormalizer.Normalize(pod);
        final["spec"]!["containers"]![0]!["args"]![1] = "2";
        var (ops, _) = RoundTrip(pod, final);
        Assert.Equal("replace /spec/containers/0/args/1", Describe(ops));
    }

    [Fact]
    public void A_two_thousand_variable_container_is_diffed_by_position_and_fast()
    {
        var pod = CapturedPod("big-env.json");
        var final = PodNormalizer.Normalize(pod);
        var env = final["spec"]!["containers"]![0]!["env"]!.AsArray();
        env.Insert(1000, new JsonObject { ["name"] = "INSERTED", ["value"] = "1" });
        env[1501]!["value"] = "changed";
        env.RemoveAt(1999);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ops = JsonPatchDiff.Diff(pod, PodNormalizer.Normalize(pod), final);
        watch.Stop();
        Assert.Equal("add /spec/containers/0/env/1000 replace /spec/containers/0/env/1501/value remove /spec/containers/0/env/1999", Describe(ops));
        Assert.True(watch.ElapsedMilliseconds < 1_000, $"{watch.ElapsedMilliseconds} ms");
        RoundTrip(pod, final);
    }

    [Fact]
    public void Lists_reordered_beyond_the_edit_limit_still_patch_correctly()
    {
        var containers = new JsonArray();
        for (var i = 0; i < 600; i++) containers.Add(new JsonObject { ["name"] = "c" + i, ["image"] = "i" });
        var pod = new JsonObject { ["spec"] = new JsonObject { ["containers"] = containers } };
        var final = PodNormalizer.Normalize(pod);
        var reversed = new JsonArray([.. final["spec"]!["containers"]!.AsArray().Reverse().Select(c => c!.DeepClone())]);
        final["spec"]!["containers"] = reversed;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        RoundTrip(pod, final);
        Assert.True(watch.ElapsedMilliseconds < 5_000, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void A_whole_document_of_another_shape_is_replaced()
    {
        var ops = JsonPatchDiff.Diff(JsonValue.Create(5), null, new JsonObject { ["kind"] = "Pod" });
        Assert.Equal("replace ", Describe(ops));
    }

    [Fact]
    public void The_patch_is_written_with_gos_escaping()
    {
        var ops = new List<JsonPatchOperation>
        {
            JsonPatchOperation.Add("/metadata/annotations/a~1b", JsonValue.Create("<x>")),
            JsonPatchOperation.Remove("/spec/hostNetwork"),
        };
        Assert.Equal("""[{"op":"add","path":"/metadata/annotations/a~1b","value":"\u003cx\u003e"},{"op":"remove","path":"/spec/hostNetwork"}]""",
            Encoding.UTF8.GetString(JsonPatchDiff.ToJson(ops)));
    }
}
