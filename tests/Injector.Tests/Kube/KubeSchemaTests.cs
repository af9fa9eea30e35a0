using Injector.Kube.Schema;

namespace Injector.Tests.Kube;

/// <summary>Facts of the generated schema, checked against k8s.io/api and apimachinery v0.36.1 as read by hand
/// (core/v1/types.go, meta/v1/types.go).</summary>
public sealed class KubeSchemaTests
{
    private static KubeType Type(string id) => KubeSchema.TryGetType(id, out var t) ? t : throw new Xunit.Sdk.XunitException("no " + id);

    [Fact]
    public void Pod_writes_type_meta_inline_then_metadata_spec_status()
    {
        Assert.Equal(["kind", "apiVersion", "metadata", "spec", "status"], KubeSchema.Pod.JsonFields.Select(f => f.JsonName));
        Assert.Equal("v1.Pod", KubeSchema.Pod.GoName);
        var metadata = KubeSchema.Pod.JsonFields[2];
        Assert.True(metadata.Embedded);
        Assert.True(metadata.OmitEmpty);
        Assert.Equal("v1.ObjectMeta", metadata.Type.GoName);
    }

    [Fact]
    public void Container_fields_are_in_go_order_with_their_options()
    {
        var names = KubeSchema.Container.JsonFields.Select(f => f.JsonName).ToList();
        Assert.Equal(["name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources"], names.Take(9));
        Assert.True(KubeSchema.Container.TryGetJsonField("name", out var name));
        Assert.False(name.OmitEmpty);
        Assert.Equal(KubeKind.String, name.Type.Kind);
        Assert.True(KubeSchema.Container.TryGetJsonField("resources", out var resources));
        Assert.Equal(KubeKind.Struct, resources.Type.Kind);
        Assert.True(resources.OmitEmpty);
        Assert.True(KubeSchema.Container.TryGetJsonField("securityContext", out var sc));
        Assert.Equal("*v1.SecurityContext", sc.Type.GoName);
        Assert.Equal(KubeKind.Pointer, sc.Type.Kind);
    }

    [Fact]
    public void Ports_carry_strategic_merge_metadata_and_list_markers()
    {
        Assert.True(KubeSchema.Container.TryGetJsonField("ports", out var ports));
        Assert.Equal(PatchStrategy.Merge, ports.PatchStrategy);
        Assert.Equal("containerPort", ports.PatchMergeKey);
        Assert.Equal("map", ports.ListType);
        Assert.Equal(["containerPort", "protocol"], ports.ListMapKeys);
        Assert.Equal("[]v1.ContainerPort", ports.Type.GoName);
        Assert.Equal("v1.ContainerPort", ports.ElementType.GoName);
        Assert.True(ports.ElementType.TryGetJsonField("containerPort", out var cp));
        Assert.Equal(KubeKind.Int, cp.Type.Kind);
        Assert.Equal(32, cp.Type.Bits);
        Assert.True(ports.ElementType.TryGetJsonField("protocol", out var protocol));
        Assert.Equal("v1.Protocol", protocol.Type.GoName);
        Assert.Equal(KubeKind.String, protocol.Type.Kind);
    }

    [Fact]
    public void Pod_spec_lists_have_their_patch_strategies()
    {
        Assert.True(KubeSchema.PodSpec.TryGetJsonField("volumes", out var volumes));
        Assert.Equal(PatchStrategy.Merge | PatchStrategy.RetainKeys, volumes.PatchStrategy);
        Assert.Equal("name", volumes.PatchMergeKey);
        Assert.True(KubeSchema.PodSpec.TryGetJsonField("containers", out var containers));
        Assert.Equal(PatchStrategy.Merge, containers.PatchStrategy);
        Assert.False(containers.OmitEmpty); // json:"containers": a nil slice is written as null
        Assert.True(KubeSchema.PodSpec.TryGetJsonField("tolerations", out var tolerations));
        Assert.Equal(PatchStrategy.None, tolerations.PatchStrategy);
        Assert.Equal("atomic", tolerations.ListType);
        Assert.True(KubeSchema.ObjectMeta.TryGetJsonField("finalizers", out var finalizers));
        Assert.Equal(PatchStrategy.Merge, finalizers.PatchStrategy);
        Assert.Null(finalizers.PatchMergeKey);
        Assert.Equal("set", finalizers.ListType);
    }

    [Fact]
    public void Inline_embedded_structs_are_flattened_into_the_enclosing_object()
    {
        var probe = Type("core.Probe");
        var names = probe.JsonFields.Select(f => f.JsonName).ToList();
        Assert.Equal(["exec", "httpGet", "tcpSocket", "grpc", "initialDelaySeconds"], names.Take(5));
        Assert.True(probe.Fields[0].Inline);
        Assert.Equal("ProbeHandler", probe.Fields[0].GoName);
        Assert.True(probe.TryGetJsonField("httpGet", out var httpGet));
        Assert.Equal("v1.ProbeHandler", httpGet.DeclaringType.GoName);
        Assert.Contains("secret", Type("core.Volume").JsonFields.Select(f => f.JsonName));
    }

    [Fact]
    public void Go_field_lookup_promotes_embedded_fields()
    {
        Assert.True(KubeSchema.Pod.TryGetGoField("Name", out var path));
        Assert.Equal(["ObjectMeta", "Name"], path.Select(f => f.GoName));
        Assert.True(KubeSchema.Pod.TryGetGoField("Kind", out var kind));
        Assert.Equal(["TypeMeta", "Kind"], kind.Select(f => f.GoName));
        Assert.True(Type("core.Probe").TryGetGoField("HTTPGet", out var httpGet));
        Assert.Equal(["ProbeHandler", "HTTPGet"], httpGet.Select(f => f.GoName));
        Assert.True(Type("core.Probe").TryGetGoField("ProbeHandler", out var handler));
        Assert.Single(handler);
        Assert.True(Type("core.SecretKeySelector").TryGetGoField("Name", out var selectorName));
        Assert.Equal(["LocalObjectReference", "Name"], selectorName.Select(f => f.GoName));
        Assert.False(KubeSchema.Pod.TryGetGoField("name", out _)); // Go names are exact
    }

    [Theory]
    [InlineData("name", "name")]
    [InlineData("NAME", "name")]
    [InlineData("Name", "name")]
    [InlineData("imagePullPolicy", "imagePullPolicy")]
    [InlineData("IMAGEPULLPOLICY", "imagePullPolicy")]
    [InlineData("\u017Fecuritycontext", "securityContext")] // long s folds to S
    [InlineData("nam\u0130", null)] // İ folds to I, not to E
    [InlineData("\u0130mage", "image")] // İ lowers to i
    [InlineData("\u0131mage", "image")] // dotless ı uppers to I
    [InlineData("naïve", null)]
    [InlineData("nam", null)]
    [InlineData("", null)]
    public void Decoding_matches_members_exactly_then_by_go_case_folding(string key, string? expected)
    {
        Assert.Equal(expected, KubeSchema.Container.MatchJsonKey(key)?.JsonName);
    }

    [Fact]
    public void Kelvin_sign_folds_to_k()
    {
        Assert.Equal("kind", KubeSchema.Pod.MatchJsonKey("\u212Aind")?.JsonName);
    }

    [Fact]
    public void Object_meta_and_special_types()
    {
        var meta = KubeSchema.ObjectMeta;
        Assert.True(meta.TryGetJsonField("creationTimestamp", out var created));
        Assert.Equal(KubeKind.Time, created.Type.Kind);
        Assert.Equal("v1.Time", created.Type.GoName);
        Assert.True(created.OmitZero);
        Assert.True(meta.TryGetJsonField("uid", out var uid));
        Assert.Equal("types.UID", uid.Type.GoName);
        Assert.True(meta.TryGetJsonField("labels", out var labels));
        Assert.Equal("map[string]string", labels.Type.GoName);
        Assert.True(meta.TryGetJsonField("managedFields", out var managed));
        Assert.True(managed.ElementType.TryGetJsonField("fieldsV1", out var fieldsV1));
        Assert.Equal(KubeKind.RawJson, fieldsV1.Type.Deref().Kind);
        var requirements = Type("core.ResourceRequirements");
        Assert.True(requirements.TryGetJsonField("limits", out var limits));
        Assert.Equal("v1.ResourceList", limits.Type.GoName);
        Assert.Equal(KubeKind.Map, limits.Type.Kind);
        Assert.Equal(KubeKind.Quantity, limits.Type.Element!.Kind);
        Assert.Equal("v1.ResourceName", limits.Type.Key!.GoName);
        Assert.True(Type("core.HTTPGetAction").TryGetJsonField("port", out var port));
        Assert.Equal(KubeKind.IntOrString, port.Type.Kind);
        Assert.Equal("intstr.IntOrString", port.Type.GoName);
    }

    [Fact]
    public void Namespaced_name_has_no_json_tags_so_go_names_are_its_json_names()
    {
        Assert.Equal(["Namespace", "Name"], KubeSchema.NamespacedName.JsonFields.Select(f => f.JsonName));
        Assert.Equal(["Kind", "APIVersion"], KubeSchema.TypeMeta.Fields.Select(f => f.GoName));
    }

    [Fact]
    public void Every_struct_resolves_its_json_fields_without_conflicts()
    {
        foreach (var type in KubeSchema.AllTypes.Where(t => t.Kind == KubeKind.Struct))
        {
            var declared = Flatten(type).Count();
            Assert.True(declared == type.JsonFields.Count, $"{type.GoName}: {declared} JSON names declared, {type.JsonFields.Count} resolved");
        }

        static IEnumerable<KubeField> Flatten(KubeType t) =>
            t.Fields.SelectMany(f => f.Inline ? Flatten(f.Type) : [f]);
    }
}
