using Injector.Json;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// What this injection adds, by name: the content of the <c>sidecar.istio.io/status</c> annotation. The user's volume
/// mounts must name one of its volumes or one of the pod's (<see cref="UserVolumeMountCheck"/>, below).
/// </summary>
internal sealed class InjectedSet
{
    /// <summary>The set for this plan: pods without per-pod names (no grpc-agent, no user volumes) take one of the
    /// revision's sets, all computed when it was compiled (<see cref="ForShapes"/>).</summary>
    public static InjectedSet For(InjectionPlan plan)
    {
        if (plan.GrpcAgent || plan.UserVolumes.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            return new InjectedSet(plan.Revision, plan.Gateway, plan.GrpcAgent, plan.GrpcSimple, plan.Intercept, plan.EnableCoreDump,
                plan.GrpcAgent ? GrpcContainers(plan) : null, plan.UserVolumes);
        }
        return plan.Revision.InjectedSets[ShapeKey(plan.GrpcSimple, plan.Gateway, plan.Intercept, plan.EnableCoreDump)];
    }

    /// <summary>Every set a pod without per-pod names can get, by <see cref="ShapeKey"/>: computed once, when the
    /// revision is compiled (the set depends only on the revision and these four choices).</summary>
    internal static InjectedSet[] ForShapes(CompiledRevision revision)
    {
        var sets = new InjectedSet[16];
        for (var key = 0; key < sets.Length; key++)
        {
            bool grpcSimple = (key & 8) != 0, gateway = (key & 4) != 0, intercept = (key & 2) != 0, coreDump = (key & 1) != 0;
            sets[key] = new InjectedSet(revision, gateway, grpcAgent: false, grpcSimple, intercept, coreDump, grpcContainers: null, userVolumes: default);
        }
        return sets;
    }

    private static int ShapeKey(bool grpcSimple, bool gateway, bool intercept, bool enableCoreDump) =>
        (grpcSimple ? 8 : 0) | (gateway ? 4 : 0) | (intercept ? 2 : 0) | (enableCoreDump ? 1 : 0);

    // As InjectionPlan has them: a sidecar is neither gateway nor grpc-agent; native sidecars are the revision's choice.
    private InjectedSet(CompiledRevision revision, bool gateway, bool grpcAgent, bool grpcSimple, bool intercept, bool enableCoreDump,
        string[]? grpcContainers, JsonTreeElement userVolumes)
    {
        var sidecar = !gateway && !grpcAgent;
        var nativeSidecar = revision.Config.NativeSidecars && sidecar;
        var init = new List<string>(3);
        if (intercept) init.Add(revision.Config.Cni ? ContainerNames.Validation : ContainerNames.Init);
        if (nativeSidecar) init.Add(ContainerNames.Proxy);
        if (enableCoreDump && sidecar) init.Add(ContainerNames.CoreDump);
        if (grpcSimple) init.Add(ContainerNames.GrpcBootstrap);
        InitContainers = [.. init];
        Containers = nativeSidecar ? [] : grpcAgent ? grpcContainers! : [ContainerNames.Proxy];
        var volumes = new List<string>(revision.Segments.VolumeNames(gateway, grpcAgent));
        if (grpcSimple) volumes.Add(GrpcSimpleWriter.VolumeName);
        if (userVolumes.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            foreach (var p in userVolumes.EnumerateObject()) volumes.Add(p.Name);
        }
        Volumes = [.. volumes];
        ImagePullSecrets = revision.Config.ImagePullSecrets is { Count: > 0 } s ? [.. s] : [];
        StatusText = System.Text.Json.JsonEncodedText.Encode(RenderStatus(revision.Name));
    }

    /// <summary>The <c>sidecar.istio.io/status</c> value (JSON), escaped once as a JSON string value (once per revision and shape for the shared sets).</summary>
    public System.Text.Json.JsonEncodedText StatusText { get; }

    // grpc-agent also modifies every app container; Istio lists them, and so do we (re-injection never removes them).
    private static string[] GrpcContainers(InjectionPlan plan)
    {
        var names = new List<string> { ContainerNames.Proxy };
        if (plan.Pod.Containers.ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            foreach (var c in plan.Pod.Containers.EnumerateArray())
            {
                var name = PodView.StringOf(c, "name"u8);
                if (name is not null && name != ContainerNames.Proxy) names.Add(name);
            }
        }
        return [.. names];
    }

    public string[] InitContainers { get; }
    public string[] Containers { get; }
    public string[] Volumes { get; }
    public string[] ImagePullSecrets { get; }

    /// <summary>Istio's JSON shape: empty lists are null.</summary>
    private byte[] RenderStatus(string revision)
    {
        var self = this;
        return TemplateSegments.Render(w =>
        {
            w.WriteStartObject();
            List(w, "initContainers", self.InitContainers);
            List(w, "containers", self.Containers);
            List(w, "volumes", self.Volumes);
            List(w, "imagePullSecrets", self.ImagePullSecrets);
            w.WriteString("revision", revision);
            w.WriteEndObject();
        });
    }

    private static void List(System.Text.Json.Utf8JsonWriter w, string name, string[] items)
    {
        if (items.Length == 0)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartArray(name);
        foreach (var item in items) w.WriteStringValue(item);
        w.WriteEndArray();
    }
}

/// <summary>
/// A <c>sidecar.istio.io/userVolumeMount</c> entry must name a volume the injected pod will have: one of the pod's own
/// (not one an earlier injection added and this one removes), or one this injection adds (template volumes and
/// <c>sidecar.istio.io/userVolume</c>). Otherwise the API server refuses the pod with an obscure message, so the
/// admission is denied here with a clear one (found by fuzzing, docs/reliability.md).
/// </summary>
internal static class UserVolumeMountCheck
{
    public static string? Problem(InjectionPlan plan, InjectedSet injected)
    {
        var mounts = plan.UserVolumeMounts;
        if (mounts.ValueKind != JsonValueKind.Object) return null;
        // One set of every volume the pod will have, built once: looking each mount up in the lists made 20,000 mounts
        // against 5,000 volumes quadratic.
        var defined = new HashSet<string>(injected.Volumes, StringComparer.Ordinal);
        if (plan.Pod.Volumes.ValueKind == JsonValueKind.Array)
        {
            foreach (var volume in plan.Pod.Volumes.EnumerateArray())
            {
                plan.Budget.Spend();
                var name = PodView.NameOf(volume);
                if (name.ValueKind == JsonValueKind.String && !plan.Previous.Volumes.Contains(name)) defined.Add(name.GetString()!);
            }
        }
        foreach (var mount in mounts.EnumerateObject())
        {
            plan.Budget.Spend();
            if (defined.Contains(mount.Name)) continue;
            return "annotation \"" + AnnotationNames.UserVolumeMount + "\" mounts volume \""
                + AnnotationValidator.Printable(mount.Name, AnnotationValidator.MaxShownValueLength)
                + "\", which neither spec.volumes nor annotation \"" + AnnotationNames.UserVolume + "\" defines";
        }
        return null;
    }
}
