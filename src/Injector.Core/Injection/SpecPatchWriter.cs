using System.Buffers;
using System.Text.Json;
using Injector.Json;

namespace Injector.Injection;

/// <summary>
/// The <c>spec</c> operations. Indices refer to the pod as sent: replacements first, then removals of what an
/// earlier injection added (highest index first), then additions. The init containers other than the proxy are
/// written by <see cref="InitContainerWriter"/> (below); the proxy by <see cref="ProxyContainerWriter"/>.
/// </summary>
internal static class SpecPatchWriter
{
    public static void Write(PatchWriter patch, InjectionPlan plan, ProbeRewrites probes, InjectedSet injected)
    {
        if (plan.Pod.Spec.ValueKind != JsonValueKind.Object)
        {
            patch.BeginAdd(PatchPaths.Spec);
            patch.Writer.WriteStartObject();
            patch.Writer.WriteEndObject();
            patch.End();
        }
        WriteInitContainers(patch, plan);
        WriteContainers(patch, plan, probes);
        WriteVolumes(patch, plan);
        WriteImagePullSecrets(patch, plan, injected);
        if (plan.Gateway) WriteUnprivilegedPorts(patch, plan);
    }

    private static void WriteInitContainers(PatchWriter patch, InjectionPlan plan)
    {
        var existing = plan.Pod.InitContainers;
        RemoveNamed(patch, plan, existing, "/spec/initContainers/", plan.Previous.InitContainers, RemovedUserProxy(plan));
        var w = patch.Writer;
        if (existing.ValueKind != JsonValueKind.Array)
        {
            if (!plan.Intercept && !plan.NativeSidecar && !(plan.EnableCoreDump && plan.Sidecar) && !plan.GrpcSimple) return;
            patch.BeginAdd(PatchPaths.InitContainers);
            w.WriteStartArray();
            WriteInitList(w, plan, ProbeRewrites.Empty);
            w.WriteEndArray();
            patch.End();
            return;
        }
        // Native sidecar: ours go first so the user's init containers run inside the mesh.
        // Classic: ours go last so iptables does not black-hole the user's init containers.
        var index = 0;
        if (plan.Intercept) AddInit(patch, plan, ref index, static (w, p) => InitContainerWriter.WriteInit(w, p));
        if (plan.NativeSidecar) AddInit(patch, plan, ref index, static (w, p) => ProxyContainerWriter.Write(w, p, p.Probes));
        if (plan.EnableCoreDump && plan.Sidecar) AddInit(patch, plan, ref index, static (w, p) => InitContainerWriter.WriteCoreDump(w, p));
        if (plan.GrpcSimple) AddInit(patch, plan, ref index, static (w, p) => w.WriteRawValue(p.Revision.Segments.GrpcSimpleInit, skipInputValidation: true));
    }

    private static void AddInit(PatchWriter patch, InjectionPlan plan, ref int index, Action<Utf8JsonWriter, InjectionPlan> write)
    {
        if (plan.NativeSidecar) patch.BeginAt(replace: false, PatchPaths.InitContainerPrefix, index++, default);
        else patch.BeginAdd(PatchPaths.InitContainersAppend);
        write(patch.Writer, plan);
        patch.End();
    }

    private static void WriteInitList(Utf8JsonWriter w, InjectionPlan plan, ProbeRewrites _)
    {
        if (plan.Intercept) InitContainerWriter.WriteInit(w, plan);
        if (plan.NativeSidecar) ProxyContainerWriter.Write(w, plan, plan.Probes);
        if (plan.EnableCoreDump && plan.Sidecar) InitContainerWriter.WriteCoreDump(w, plan);
        if (plan.GrpcSimple) w.WriteRawValue(plan.Revision.Segments.GrpcSimpleInit, skipInputValidation: true);
    }

    private static void WriteContainers(PatchWriter patch, InjectionPlan plan, ProbeRewrites probes)
    {
        var w = patch.Writer;
        foreach (var rewrite in probes.Rewrites)
        {
            patch.BeginAt(replace: true, PatchPaths.ContainerPrefix, rewrite.ContainerIndex, rewrite.PathSuffix);
            ProbeRewrites.WriteRewritten(w, rewrite, plan.StatusPort);
            patch.End();
        }
        var existing = plan.Pod.Containers;
        RemoveNamed(patch, plan, existing, "/spec/containers/", plan.Previous.Containers, RemovedUserProxy(plan));
        // One pass per container even when both gRPC templates apply: two passes would each add a whole env array.
        if (plan.GrpcSimple) GrpcSimpleWriter.PatchAppContainers(patch, plan);
        else if (plan.GrpcAgent) GrpcAgentWriter.PatchAppContainers(patch, plan);
        if (plan.NativeSidecar) return;
        if (existing.ValueKind != JsonValueKind.Array)
        {
            patch.BeginAdd(PatchPaths.Containers);
            w.WriteStartArray();
            ProxyContainerWriter.Write(w, plan, probes);
            w.WriteEndArray();
            patch.End();
            return;
        }
        // Last, so kubectl exec/logs default to the app; first when the app must wait for the proxy.
        if (plan.HoldApplication) patch.BeginAt(replace: false, PatchPaths.ContainerPrefix, 0, default);
        else patch.BeginAdd(PatchPaths.ContainersAppend);
        ProxyContainerWriter.Write(w, plan, probes);
        patch.End();
    }

    private static readonly byte[] VolumeItemPrefix = "/spec/volumes/"u8.ToArray();

    private static void WriteVolumes(PatchWriter patch, InjectionPlan plan)
    {
        var existing = plan.Pod.Volumes;
        RemoveNamed(patch, plan, existing, "/spec/volumes/", plan.Previous.Volumes, alsoRemove: null);
        var w = patch.Writer;
        // Istio's volumes before the pod's own, as the strategic merge of its template lists them.
        var volumes = ArrayPrepend.Begin(patch, PatchPaths.Volumes, VolumeItemPrefix, existing.ValueKind == JsonValueKind.Array);
        foreach (var volume in plan.VolumeSegments)
        {
            volumes.BeginItem();
            w.WriteRawValue(volume, skipInputValidation: true);
            volumes.EndItem();
        }
        if (plan.GrpcSimple)
        {
            volumes.BeginItem();
            w.WriteRawValue(plan.Revision.Segments.GrpcSimpleVolume, skipInputValidation: true);
            volumes.EndItem();
        }
        if (plan.UserVolumes.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in plan.UserVolumes.EnumerateObject())
            {
                plan.Budget.Spend();
                volumes.BeginItem();
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                foreach (var field in p.Value.EnumerateObject())
                {
                    if (!field.NameEquals("name"u8)) field.WriteTo(w);
                }
                w.WriteEndObject();
                volumes.EndItem();
            }
        }
        volumes.End();
    }

    private static void WriteImagePullSecrets(PatchWriter patch, InjectionPlan plan, InjectedSet injected)
    {
        var existing = plan.Pod.ImagePullSecrets;
        RemoveNamed(patch, plan, existing, "/spec/imagePullSecrets/", plan.Previous.ImagePullSecrets, alsoRemove: null);
        if (injected.ImagePullSecrets.Length == 0) return;
        var w = patch.Writer;
        var secrets = ArrayAppend.Begin(patch, PatchPaths.ImagePullSecrets, PatchPaths.ImagePullSecretsAppend, existing.ValueKind == JsonValueKind.Array);
        foreach (var secret in injected.ImagePullSecrets)
        {
            secrets.BeginItem();
            w.WriteStartObject();
            w.WriteString("name", secret);
            w.WriteEndObject();
            secrets.EndItem();
        }
        secrets.End();
    }

    /// <summary>Gateways bind low ports without privileges: the pod gets <c>net.ipv4.ip_unprivileged_port_start=0</c>.</summary>
    private static void WriteUnprivilegedPorts(PatchWriter patch, InjectionPlan plan)
    {
        const string Sysctl = "net.ipv4.ip_unprivileged_port_start";
        var w = patch.Writer;
        var context = plan.Pod.SecurityContext;
        var sysctls = PodView.Child(context, "sysctls"u8, JsonValueKind.Array);
        if (sysctls.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in sysctls.EnumerateArray())
            {
                if (PodView.StringOf(s, "name"u8) == Sysctl) return;
            }
            patch.BeginAdd(PatchPaths.SysctlsAppend);
            WriteSysctl(w);
            patch.End();
            return;
        }
        if (context.ValueKind == JsonValueKind.Object)
        {
            patch.BeginAdd(PatchPaths.Sysctls);
            w.WriteStartArray();
            WriteSysctl(w);
            w.WriteEndArray();
            patch.End();
            return;
        }
        patch.BeginAdd(PatchPaths.SecurityContext);
        w.WriteStartObject();
        w.WriteStartArray("sysctls");
        WriteSysctl(w);
        w.WriteEndArray();
        w.WriteEndObject();
        patch.End();

        static void WriteSysctl(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteString("name", Sysctl);
            w.WriteString("value", "0");
            w.WriteEndObject();
        }
    }

    /// <summary>
    /// The user's own istio-proxy is merged into ours, so it goes too, from whichever list it is in: ours may sit in
    /// the other list (native sidecars), and two containers named istio-proxy would make the API server refuse the pod.
    /// </summary>
    internal static string? RemovedUserProxy(InjectionPlan plan) =>
        plan.UserProxy.ValueKind == JsonValueKind.Object && !plan.ProxyInjectedBefore ? ContainerNames.Proxy : null;

    /// <summary>
    /// Whether <see cref="WriteContainers"/> removes this entry of <c>spec.containers</c>. Later operations on app
    /// containers address them by their index after those removals.
    /// </summary>
    internal static bool RemovesContainer(JsonTreeElement container, InjectionPlan plan) =>
        IsNamed(container, plan.Previous.Containers, RemovedUserProxy(plan));

    /// <summary>Removes, highest index first, the entries whose name is listed (or equals <paramref name="alsoRemove"/>).</summary>
    private static void RemoveNamed(PatchWriter patch, InjectionPlan plan, JsonTreeElement array, string prefix, NameSet names, string? alsoRemove)
    {
        if (array.ValueKind != JsonValueKind.Array || (names.IsEmpty && alsoRemove is null)) return;
        // One forward pass, then the removals in reverse. Indexing (array[i]) would rescan the array from the start
        // for each element whose siblings are objects, which made re-injecting a pod with many volumes quadratic.
        var length = array.GetArrayLength();
        var rented = ArrayPool<int>.Shared.Rent(length);
        try
        {
            var count = 0;
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                plan.Budget.Spend();
                if (IsNamed(item, names, alsoRemove)) rented[count++] = index;
                index++;
            }
            for (var i = count - 1; i >= 0; i--) patch.RemoveAt(prefix, rented[i]);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    // Compares in place (NameSet): a string per entry would cost as much as the rest of the pass.
    private static bool IsNamed(JsonTreeElement item, NameSet names, string? alsoRemove)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        return names.Contains(name) || (alsoRemove is not null && name.ValueEquals(alsoRemove));
    }
}

/// <summary>
/// Writes <c>istio-init</c> (iptables set-up; <c>istio-validation</c> when CNI owns the rules) and
/// <c>enable-core-dump</c>. The traffic annotations become istio-iptables flags.
/// </summary>
internal static class InitContainerWriter
{
    public static void WriteInit(Utf8JsonWriter w, InjectionPlan plan)
    {
        if (DefaultShapes.InitIsDefault(plan))
        {
            w.WriteRawValue(DefaultShapes.Init(plan), skipInputValidation: true);
            return;
        }
        WriteInitCore(w, plan);
    }

    internal static void WriteInitCore(Utf8JsonWriter w, InjectionPlan plan)
    {
        var config = plan.Revision.Config;
        var cni = config.Cni;
        w.WriteStartObject();
        w.WriteString("name", cni ? ContainerNames.Validation : ContainerNames.Init);
        w.WriteString("image", plan.ProxyImage);
        w.WriteStartArray("args");
        w.WriteStringValue("istio-iptables");
        Flag(w, "-p", "15001");
        Flag(w, "-z", "15006");
        Flag(w, "-u", "1337");
        Flag(w, "-m", plan.InterceptionMode);
        Flag(w, "-i", plan.Annotation(AnnotationNames.IncludeOutboundIpRanges, config.IncludeIpRanges));
        Flag(w, "-x", plan.Annotation(AnnotationNames.ExcludeOutboundIpRanges, config.ExcludeIpRanges));
        Flag(w, "-b", plan.Annotation(AnnotationNames.IncludeInboundPorts, config.IncludeInboundPorts));
        var excluded = ExcludeInboundPorts(plan.StatusPortText, plan.Annotation(AnnotationNames.ExcludeInboundPorts, config.ExcludeInboundPorts));
        w.WriteStringValue("-d");
        if (excluded.Length == 0)
        {
            w.WriteStringValue("15090,15021");
        }
        else
        {
            // "15090,15021," + excluded, written without building the string.
            Span<char> value = excluded.Length <= 200 ? stackalloc char[12 + excluded.Length] : new char[12 + excluded.Length];
            "15090,15021,".CopyTo(value);
            excluded.CopyTo(value[12..]);
            w.WriteStringValue(value);
        }
        OptionalFlag(w, plan, "-q", AnnotationNames.IncludeOutboundPorts, config.IncludeOutboundPorts);
        OptionalFlag(w, plan, "-o", AnnotationNames.ExcludeOutboundPorts, config.ExcludeOutboundPorts);
        if (plan.Pod.TryGetAnnotation(AnnotationNames.RerouteVirtualInterfaces, out var reroute)) Flag(w, "-k", reroute);
        else if (plan.Pod.TryGetAnnotation(AnnotationNames.KubevirtInterfaces, out var kubevirt)) Flag(w, "-k", kubevirt);
        if (plan.Pod.TryGetAnnotation(AnnotationNames.ExcludeInterfaces, out var excludeInterfaces)) Flag(w, "-c", excludeInterfaces);
        w.WriteStringValue(plan.Pod.TryGetAnnotation(AnnotationNames.AgentLogLevel, out var agent)
            ? "--log_output_level=" + agent : plan.Revision.AgentLogLevelArg);
        if (cni)
        {
            w.WriteStringValue("--run-validation");
            w.WriteStringValue("--skip-rule-apply");
        }
        w.WriteEndArray();
        if (config.ImagePullPolicy.Length > 0) w.WriteString("imagePullPolicy", config.ImagePullPolicy);
        ResourcesWriter.Write(w, plan, config.ProxyInitResources ?? config.ProxyResources);
        w.WriteStartObject("securityContext");
        w.WriteBoolean("allowPrivilegeEscalation", config.Privileged);
        w.WriteBoolean("privileged", config.Privileged);
        w.WriteStartObject("capabilities");
        if (!cni)
        {
            w.WriteStartArray("add");
            w.WriteStringValue("NET_ADMIN");
            w.WriteStringValue("NET_RAW");
            w.WriteEndArray();
        }
        w.WriteStartArray("drop");
        w.WriteStringValue("ALL");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteBoolean("readOnlyRootFilesystem", cni);
        w.WriteNumber("runAsGroup", cni ? 1337 : 0);
        w.WriteBoolean("runAsNonRoot", cni);
        w.WriteNumber("runAsUser", cni ? 1337 : 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteCoreDump(Utf8JsonWriter w, InjectionPlan plan)
    {
        var config = plan.Revision.Config;
        w.WriteStartObject();
        w.WriteString("name", ContainerNames.CoreDump);
        w.WriteStartArray("args");
        w.WriteStringValue("-c");
        w.WriteStringValue("sysctl -w kernel.core_pattern=/var/lib/istio/data/core.proxy && ulimit -c unlimited");
        w.WriteEndArray();
        w.WriteStartArray("command");
        w.WriteStringValue("/bin/sh");
        w.WriteEndArray();
        w.WriteString("image", plan.ProxyImage);
        if (config.ImagePullPolicy.Length > 0) w.WriteString("imagePullPolicy", config.ImagePullPolicy);
        ResourcesWriter.Write(w, plan, config.ProxyInitResources ?? config.ProxyResources);
        w.WriteStartObject("securityContext");
        w.WriteBoolean("allowPrivilegeEscalation", true);
        w.WriteStartObject("capabilities");
        w.WriteStartArray("add");
        w.WriteStringValue("SYS_ADMIN");
        w.WriteEndArray();
        w.WriteStartArray("drop");
        w.WriteStringValue("ALL");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteBoolean("privileged", true);
        w.WriteBoolean("readOnlyRootFilesystem", false);
        w.WriteNumber("runAsGroup", 0);
        w.WriteBoolean("runAsNonRoot", false);
        w.WriteNumber("runAsUser", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The excluded inbound ports plus the status port (unless 0 or already listed), Istio's order.</summary>
    internal static string ExcludeInboundPorts(string statusPort, string excluded)
    {
        excluded = excluded.Trim();
        if (statusPort.Length == 0 || statusPort == "0") return excluded;
        foreach (var p in excluded.Split(','))
        {
            if (p.Trim() == statusPort) return excluded;
        }
        return excluded.Length == 0 ? statusPort : excluded + "," + statusPort;
    }

    private static void Flag(Utf8JsonWriter w, string flag, string value)
    {
        w.WriteStringValue(flag);
        w.WriteStringValue(value);
    }

    private static void OptionalFlag(Utf8JsonWriter w, InjectionPlan plan, string flag, string annotation, string configured)
    {
        if (plan.Pod.TryGetAnnotation(annotation, out var value)) Flag(w, flag, value);
        else if (configured.Length > 0) Flag(w, flag, configured);
    }
}
