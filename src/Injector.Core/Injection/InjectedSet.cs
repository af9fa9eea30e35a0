namespace Injector.Injection;

/// <summary>What this injection adds, by name: the content of the <c>sidecar.istio.io/status</c> annotation.</summary>
internal readonly struct InjectedSet
{
    public InjectedSet(InjectionPlan plan)
    {
        var init = new List<string>(3);
        if (plan.Intercept) init.Add(plan.Revision.Config.Cni ? ContainerNames.Validation : ContainerNames.Init);
        if (plan.NativeSidecar) init.Add(ContainerNames.Proxy);
        if (plan.EnableCoreDump && plan.Sidecar) init.Add(ContainerNames.CoreDump);
        InitContainers = [.. init];
        Containers = plan.NativeSidecar ? [] : [ContainerNames.Proxy];
        var segments = plan.Revision.Segments;
        var volumes = new List<string>(plan.Gateway ? segments.GatewayVolumeNames : segments.SidecarVolumeNames);
        if (plan.UserVolumes.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            foreach (var p in plan.UserVolumes.EnumerateObject()) volumes.Add(p.Name);
        }
        Volumes = [.. volumes];
        ImagePullSecrets = plan.Revision.Config.ImagePullSecrets is { Count: > 0 } s ? [.. s] : [];
    }

    public string[] InitContainers { get; }
    public string[] Containers { get; }
    public string[] Volumes { get; }
    public string[] ImagePullSecrets { get; }

    /// <summary>Istio's JSON shape: empty lists are null.</summary>
    public byte[] StatusJson(string revision)
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
