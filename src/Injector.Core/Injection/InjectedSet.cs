namespace Injector.Injection;

/// <summary>What this injection adds, by name: the content of the <c>sidecar.istio.io/status</c> annotation.</summary>
internal sealed class InjectedSet
{
    /// <summary>The set for this plan; shapes without per-pod names are computed once per revision and reused.</summary>
    public static InjectedSet For(InjectionPlan plan)
    {
        var cacheable = !plan.GrpcAgent && plan.UserVolumes.ValueKind != System.Text.Json.JsonValueKind.Object;
        if (!cacheable) return new InjectedSet(plan);
        var key = (plan.GrpcSimple ? 16 : 0) | (plan.Gateway ? 8 : 0) | (plan.Intercept ? 4 : 0) | (plan.EnableCoreDump ? 2 : 0);
        // A benign race: two threads may both compute the same immutable value.
        return plan.Revision.InjectedSets[key] ??= new InjectedSet(plan);
    }

    private InjectedSet(InjectionPlan plan)
    {
        var init = new List<string>(3);
        if (plan.Intercept) init.Add(plan.Revision.Config.Cni ? ContainerNames.Validation : ContainerNames.Init);
        if (plan.NativeSidecar) init.Add(ContainerNames.Proxy);
        if (plan.EnableCoreDump && plan.Sidecar) init.Add(ContainerNames.CoreDump);
        if (plan.GrpcSimple) init.Add(ContainerNames.GrpcBootstrap);
        InitContainers = [.. init];
        Containers = plan.NativeSidecar ? [] : plan.GrpcAgent ? GrpcContainers(plan) : [ContainerNames.Proxy];
        var volumes = new List<string>(plan.VolumeNames);
        if (plan.GrpcSimple) volumes.Add(GrpcSimpleWriter.VolumeName);
        if (plan.UserVolumes.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            foreach (var p in plan.UserVolumes.EnumerateObject()) volumes.Add(p.Name);
        }
        Volumes = [.. volumes];
        ImagePullSecrets = plan.Revision.Config.ImagePullSecrets is { Count: > 0 } s ? [.. s] : [];
        StatusText = System.Text.Json.JsonEncodedText.Encode(RenderStatus(plan.Revision.Name));
    }

    /// <summary>The <c>sidecar.istio.io/status</c> value (JSON), escaped once as a JSON string value (the set is cached per revision and shape).</summary>
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
