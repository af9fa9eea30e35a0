using GoJson = Injector.Kube.Json.GoJson;
using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Kube.Schema;
using Injector.Kube.Views;
using Injector.Templates.Values;
using Injector.Tests.Support;

namespace Injector.Tests.Kube.Views;

public sealed class KubeViewsTests
{
    private static JsonObject CapturedPod(string fixture)
    {
        var review = JsonNode.Parse(File.ReadAllBytes(TestPaths.Fixture(fixture)))!;
        return PodNormalizer.Normalize(review["request"]!["object"]);
    }

    private static object? Get(object? value, params string[] path)
    {
        foreach (var name in path)
        {
            var s = Assert.IsAssignableFrom<GoStruct>(value);
            Assert.True(s.TryGetField(name, out value), $"no field {name} in {s.TypeName}");
        }
        return value;
    }

    private static string Json(GoStruct value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) value.WriteJson(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Object_meta_reads_maps_and_strings_with_go_zero_values()
    {
        var pod = CapturedPod("hello.json");
        var meta = KubeViews.ObjectMeta(pod["metadata"] as JsonObject);
        Assert.Equal("v1.ObjectMeta", meta.TypeName);
        Assert.Equal("", Get(meta, "Name")); // a generateName pod has no name
        Assert.Equal("hello-fake-", Get(meta, "GenerateName"));
        Assert.Equal("apps", Get(meta, "Namespace"));
        Assert.Equal(0L, Get(meta, "Generation"));
        var labels = Assert.IsAssignableFrom<GoMap>(Get(meta, "Labels"));
        Assert.Equal("map[string]string", labels.TypeName);
        Assert.True(labels.TryGetValue("app", out var app));
        Assert.Equal("hello", app);
        Assert.False(labels.TryGetValue("missing", out var missing));
        Assert.Equal("", missing);
        Assert.Equal("", labels.ZeroElement);
        var annotations = Assert.IsAssignableFrom<GoMap>(Get(meta, "Annotations"));
        Assert.Equal(0, annotations.Count); // nil map: no annotations on this pod
        Assert.Empty(annotations.SortedEntries);
        Assert.False(meta.TryGetField("annotations", out _)); // Go names only
        var owners = Assert.IsAssignableFrom<GoSlice>(Get(meta, "OwnerReferences"));
        Assert.Equal("[]v1.OwnerReference", owners.TypeName);
        Assert.Equal("ReplicaSet", Get(owners[0], "Kind"));
        Assert.Equal("*int64", Assert.IsType<GoNilPointer>(Get(meta, "DeletionGracePeriodSeconds")).TypeName);
        Assert.Equal("*v1.Time", Assert.IsType<GoNilPointer>(Get(meta, "DeletionTimestamp")).TypeName);
    }

    [Fact]
    public void Object_meta_getters_are_methods()
    {
        var pod = CapturedPod("apply-named.json");
        var meta = KubeViews.ObjectMeta(pod["metadata"] as JsonObject);
        Assert.True(meta.TryGetMethod("GetAnnotations", out var getAnnotations));
        var annotations = Assert.IsAssignableFrom<GoMap>(getAnnotations!([]));
        Assert.True(annotations.TryGetValue("kubectl.kubernetes.io/last-applied-configuration", out _));
        Assert.True(meta.TryGetMethod("GetName", out var getName));
        Assert.Equal("apply-named", getName!([]));
        Assert.Throws<GoCallException>(() => getName!(["x"]));
        Assert.False(meta.TryGetMethod("GetNothing", out _));
        // Promoted to the pod, which embeds ObjectMeta.
        Assert.True(KubeViews.Pod(pod).TryGetMethod("GetNamespace", out var getNamespace));
        Assert.Equal("apps", getNamespace!([]));
        Assert.Equal("apply-named", Get(KubeViews.Pod(pod), "Name"));
    }

    [Fact]
    public void Spec_reads_containers_ports_probes_and_pointers()
    {
        var pod = CapturedPod("hello-probes.json");
        var spec = KubeViews.PodSpec(pod["spec"] as JsonObject);
        Assert.Equal("v1.PodSpec", spec.TypeName);
        Assert.Equal(false, Get(spec, "HostNetwork"));
        Assert.Equal("default", Get(spec, "ServiceAccountName"));
        var init = Assert.IsAssignableFrom<GoSlice>(Get(spec, "InitContainers"));
        Assert.True(init.IsNil);
        Assert.Equal(0, init.Count);
        Assert.Equal("[]v1.Container", init.TypeName);
        var containers = Assert.IsAssignableFrom<GoSlice>(Get(spec, "Containers"));
        Assert.Equal(2, containers.Count);
        var container = Assert.IsAssignableFrom<GoStruct>(containers[0]);
        Assert.Equal("v1.Container", container.TypeName);
        var port = Assert.IsAssignableFrom<GoSlice>(Get(container, "Ports"))[0];
        Assert.Equal(80L, Get(port, "ContainerPort"));
        Assert.Equal("TCP", Get(port, "Protocol"));
        Assert.Equal(0L, Get(port, "HostPort"));
        var probe = Assert.IsAssignableFrom<GoStruct>(Get(container, "LivenessProbe"));
        Assert.Equal("*v1.Probe", probe.TypeName);
        var httpGet = Assert.IsAssignableFrom<GoStruct>(Get(probe, "HTTPGet")); // promoted from ProbeHandler
        Assert.Equal("*v1.HTTPGetAction", httpGet.TypeName);
        Assert.Equal("/", Get(httpGet, "Path"));
        var portValue = Assert.IsAssignableFrom<GoStruct>(Get(httpGet, "Port"));
        Assert.Equal("intstr.IntOrString", portValue.TypeName);
        Assert.Equal("http", portValue.FormatValue());
        Assert.Equal(1L, Get(portValue, "Type"));
        Assert.Equal("v1.ProbeHandler", Assert.IsAssignableFrom<GoStruct>(Get(probe, "ProbeHandler")).TypeName);
        Assert.IsType<GoNilPointer>(Get(probe, "Exec"));
        Assert.Equal("*v1.ExecAction", ((GoNilPointer)Get(probe, "Exec")!).TypeName);
        var security = Assert.IsAssignableFrom<GoStruct>(Get(spec, "SecurityContext")); // {} in the capture: a non-nil pointer
        Assert.Equal("*v1.PodSecurityContext", security.TypeName);
        Assert.Equal("*int64", Assert.IsType<GoNilPointer>(Get(security, "RunAsUser")).TypeName);
        Assert.Equal(30L, Get(spec, "TerminationGracePeriodSeconds")); // a non-nil *int64 reads as its value
    }

    [Fact]
    public void Volumes_reach_their_source_through_the_inline_embedded_struct()
    {
        var pod = CapturedPod("hello.json");
        var volume = Assert.IsAssignableFrom<GoSlice>(Get(KubeViews.PodSpec(pod["spec"] as JsonObject), "Volumes"))[0];
        var projected = Assert.IsAssignableFrom<GoStruct>(Get(volume, "Projected"));
        Assert.Equal(projected.TypeName, Assert.IsAssignableFrom<GoStruct>(Get(volume, "VolumeSource", "Projected")).TypeName);
        var sources = Assert.IsAssignableFrom<GoSlice>(Get(projected, "Sources"));
        Assert.Equal(3607L, Get(sources[0], "ServiceAccountToken", "ExpirationSeconds"));
        Assert.Equal("kube-root-ca.crt", Get(sources[1], "ConfigMap", "Name")); // promoted from LocalObjectReference
    }

    [Fact]
    public void Write_json_gives_what_encoding_json_writes_for_the_typed_value()
    {
        var pod = CapturedPod("hello-probes.json");
        var container = Assert.IsAssignableFrom<GoStruct>(Assert.IsAssignableFrom<GoSlice>(Get(KubeViews.PodSpec(pod["spec"] as JsonObject), "Containers"))[0]);
        Assert.Equal(Encoding.UTF8.GetString(GoJson.Serialize(pod["spec"]!["containers"]![0])), Json(container));
        var probe = Assert.IsAssignableFrom<GoStruct>(Get(container, "LivenessProbe"));
        // The embedded ProbeHandler writes its own fields only, not the probe's timings around it.
        Assert.Equal("""{"httpGet":{"path":"/","port":"http","scheme":"HTTP"}}""", Json(Assert.IsAssignableFrom<GoStruct>(Get(probe, "ProbeHandler"))));
        // A zero struct writes Go's zero encoding.
        Assert.Equal("""{"name":"","resources":{}}""", Json(new KubeStructView(KubeSchema.Container, null, pointer: false)));
        Assert.Equal("""{"metadata":{},"spec":{"containers":null},"status":{}}""", Json(KubeViews.Pod(null)));
    }

    [Fact]
    public void Resource_lists_hold_quantities_that_print_as_go_prints_map_entries()
    {
        var container = KubeViews.Value(PodNormalizer.Normalize(JsonNode.Parse("""{"name":"a","resources":{"limits":{"cpu":"0.5"}}}"""), KubeSchema.Container), KubeSchema.Container);
        var limits = Assert.IsAssignableFrom<GoMap>(Get(container, "Resources", "Limits"));
        Assert.Equal("v1.ResourceList", limits.TypeName);
        Assert.True(limits.TryGetValue("cpu", out var cpu));
        var quantity = Assert.IsAssignableFrom<GoStruct>(cpu);
        Assert.Equal("resource.Quantity", quantity.TypeName);
        Assert.Equal("DecimalSI", Get(quantity, "Format"));
        Assert.False(quantity.TryGetMethod("String", out _)); // pointer receiver, and a map entry has no address
        Assert.Equal("{{500 -3} {<nil>} 500m DecimalSI}", quantity.FormatValue());
        Assert.Equal("\"500m\"", Json(quantity));
        Assert.Equal("resource.Quantity", Assert.IsAssignableFrom<GoStruct>(limits.ZeroElement).TypeName);
    }

    [Fact]
    public void Type_meta_and_deployment_meta()
    {
        var typeMeta = KubeViews.TypeMeta("Deployment", "apps/v1");
        Assert.Equal("v1.TypeMeta", typeMeta.TypeName);
        Assert.Equal("apps/v1", Get(typeMeta, "APIVersion"));
        Assert.Equal("Deployment", Get(typeMeta, "Kind"));
        Assert.Equal("""{"kind":"Deployment","apiVersion":"apps/v1"}""", Json(typeMeta));
        var deployment = KubeViews.NamespacedName("ns", "hello");
        Assert.Equal("types.NamespacedName", deployment.TypeName);
        Assert.Equal("hello", Get(deployment, "Name"));
        Assert.Equal("ns", Get(deployment, "Namespace"));
        Assert.Equal("ns/hello", deployment.FormatValue()); // String() has a value receiver
        Assert.True(deployment.TryGetMethod("String", out var str));
        Assert.Equal("ns/hello", str!([]));
        Assert.Equal("""{"Namespace":"ns","Name":"hello"}""", Json(deployment));
    }

    /// <summary>Expected texts printed by Go 1.19's <c>fmt</c> <c>%v</c> on the same values in structs generated
    /// from our schema table (as for tests/testdata/kube); the owner reference's non-nil pointer printed an address,
    /// for which the view prints a fixed one.</summary>
    [Theory]
    [InlineData("core.ContainerPort", """{"name":"http","containerPort":80,"protocol":"TCP"}""", "{http 0 80 TCP }")]
    [InlineData("core.EnvVar", """{"name":"A","value":"1"}""", "{A 1 <nil>}")]
    [InlineData("core.Toleration", """{"key":"k","operator":"Exists","effect":"NoSchedule"}""", "{k Exists  NoSchedule <nil>}")]
    [InlineData("core.VolumeMount", """{"name":"v","mountPath":"/v","readOnly":true}""", "{v true <nil> /v  <nil> }")]
    [InlineData("meta.OwnerReference", """{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"r","uid":"u","controller":true}""", "{apps/v1 ReplicaSet r u 0xc000000000 <nil>}")]
    [InlineData("meta.LabelSelector", """{"matchLabels":{"b":"2","a":"1"},"matchExpressions":[{"key":"k","operator":"In","values":["x","y"]}]}""", "{map[a:1 b:2] [{k In [x y]}]}")]
    public void Structs_print_as_fmt_prints_them(string typeId, string json, string expected)
    {
        Assert.True(KubeSchema.TryGetType(typeId, out var type));
        var view = Assert.IsAssignableFrom<GoStruct>(KubeViews.Value(PodNormalizer.Normalize(JsonNode.Parse(json), type), type));
        Assert.Equal(expected, view.FormatValue());
    }

    [Fact]
    public void Times_print_as_go_time_strings()
    {
        var meta = KubeViews.ObjectMeta(PodNormalizer.Normalize(JsonNode.Parse("""{"metadata":{"creationTimestamp":"2024-01-02T03:04:05Z"}}"""))["metadata"] as JsonObject);
        var created = Assert.IsAssignableFrom<GoStruct>(Get(meta, "CreationTimestamp"));
        Assert.Equal("v1.Time", created.TypeName);
        Assert.Equal("2024-01-02 03:04:05 +0000 UTC", created.FormatValue());
        Assert.Equal("\"2024-01-02T03:04:05Z\"", Json(created));
        var zero = Assert.IsAssignableFrom<GoStruct>(Get(KubeViews.ObjectMeta(null), "CreationTimestamp"));
        Assert.Equal("0001-01-01 00:00:00 +0000 UTC", zero.FormatValue());
        Assert.Equal("null", Json(zero));
        Assert.True(zero.TryGetMethod("IsZero", out var isZero));
        Assert.Equal(true, isZero!([]));
    }
}
