using System.Globalization;
using System.Text.Json;
using Injector.Limits;

namespace Injector.Injection;

/// <summary>
/// The per-pod values the templates need: revision settings with the pod's override annotations applied,
/// the workload identity, the template choice, and what a previous injection left behind.
/// Built after validation, so annotation values here are known to be well-formed.
/// </summary>
internal sealed class InjectionPlan : IDisposable
{
    private JsonDocument? _userVolumes;
    private JsonDocument? _userVolumeMounts;
    private JsonDocument? _overrides;

    public required CompiledRevision Revision { get; init; }
    public required PodView Pod { get; init; }
    public required string Namespace { get; init; }
    public required string ClusterId { get; init; }
    public required string Network { get; init; }

    /// <summary>Istio's proxyEnvs hold the cluster name (a set clusterName or the URL's): post-processing moves
    /// ISTIO_META_CLUSTER_ID from the template's place to the end of the proxy's env.</summary>
    public required bool ClusterIdMoved { get; init; }
    public required bool Gateway { get; init; }
    public required bool Sidecar { get; init; }

    /// <summary>Proxyless gRPC: the agent serves xDS to the app; no Envoy, no iptables.</summary>
    public required bool GrpcAgent { get; init; }
    /// <summary>grpc-simple: a busybox init container writes a gRPC xDS bootstrap for the app containers.</summary>
    public required bool GrpcSimple { get; init; }
    public required string ProxyImage { get; init; }
    public required string InterceptionMode { get; init; }
    public required string StatusPortText { get; init; }
    public required int StatusPort { get; init; }
    public required bool EnableCoreDump { get; init; }
    public required bool RewriteProbes { get; init; }
    public required WorkloadIdentity Workload { get; init; }
    public required PreviousInjection Previous { get; init; }

    /// <summary>The request's deadline and caller; loops over the pod's lists spend from it.</summary>
    public WorkBudget Budget { get; init; } = WorkBudget.Unlimited;

    /// <summary>The probe rewrites, collected once the plan exists (the proxy env and the containers both use them).</summary>
    public ProbeRewrites Probes { get; set; } = ProbeRewrites.Empty;

    /// <summary>The revision's setting, or <c>holdApplicationUntilProxyStarts</c> in <c>proxy.istio.io/config</c>.</summary>
    public required bool HoldApplication { get; init; }

    public bool NativeSidecar => Revision.Config.NativeSidecars && Sidecar;
    public bool Intercept => InterceptionMode != "NONE" && Sidecar;

    public byte[][] VolumeSegments => Gateway ? Revision.Segments.GatewayVolumes : GrpcAgent ? Revision.Segments.GrpcVolumes : Revision.Segments.SidecarVolumes;
    public string[] VolumeNames => Revision.Segments.VolumeNames(Gateway, GrpcAgent);
    public byte[][] ProxyMountSegments => Gateway ? Revision.Segments.GatewayVolumeMounts : GrpcAgent ? Revision.Segments.GrpcVolumeMounts : Revision.Segments.SidecarVolumeMounts;

    public JsonElement UserVolumes => _userVolumes?.RootElement ?? default;
    public JsonElement UserVolumeMounts => _userVolumeMounts?.RootElement ?? default;

    /// <summary>The user's own <c>istio-proxy</c> container, merged over the injected one (Istio's override).</summary>
    public JsonElement UserProxy { get; private set; }

    public string Annotation(string key, string fallback) => Pod.TryGetAnnotation(key, out var v) ? v : fallback;

    public int AnnotationInt(string key, int fallback) =>
        Pod.TryGetAnnotation(key, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : fallback;

    public static InjectionPlan Create(PodView pod, in InjectionParameters parameters, CompiledRevision revision, PreviousInjection previous,
        WorkBudget? budget = null)
    {
        var config = revision.Config;
        var templates = pod.TryGetAnnotation(AnnotationNames.Templates, out var t) && t.Trim().Length > 0 ? t : null;
        var gateway = templates is not null ? templates.Contains(TemplateNames.Gateway, StringComparison.Ordinal) : Contains(revision.DefaultTemplates, TemplateNames.Gateway);
        var grpc = !gateway && (templates is not null ? templates.Contains(TemplateNames.GrpcAgent, StringComparison.Ordinal) : Contains(revision.DefaultTemplates, TemplateNames.GrpcAgent));
        var simple = templates is not null ? templates.Contains(TemplateNames.GrpcSimple, StringComparison.Ordinal) : Contains(revision.DefaultTemplates, TemplateNames.GrpcSimple);
        var statusPortText = pod.TryGetAnnotation(AnnotationNames.StatusPort, out var sp) ? sp.Trim() : revision.StatusPortText;
        var plan = new InjectionPlan
        {
            Revision = revision,
            Pod = pod,
            Namespace = parameters.Namespace,
            ClusterId = string.IsNullOrEmpty(parameters.ClusterIdOverride) ? config.ClusterId : parameters.ClusterIdOverride,
            Network = pod.TryGetLabel(AnnotationNames.TopologyNetworkLabel, out var networkLabel) ? networkLabel
                : string.IsNullOrEmpty(parameters.NetworkOverride) ? config.Network : parameters.NetworkOverride,
            ClusterIdMoved = !string.IsNullOrEmpty(parameters.ClusterIdOverride) || config.ClusterId != Revisions.RevisionConfigOperator.DefaultClusterName,
            Gateway = gateway,
            GrpcAgent = grpc,
            GrpcSimple = simple,
            Sidecar = !gateway && !grpc,
            ProxyImage = pod.TryGetAnnotation(AnnotationNames.ProxyImage, out var image) && image.Length > 0 ? image : revision.ProxyImage,
            InterceptionMode = pod.TryGetAnnotation(AnnotationNames.InterceptionMode, out var mode) ? mode : config.InterceptionMode,
            StatusPortText = statusPortText,
            StatusPort = int.Parse(statusPortText, NumberStyles.None, CultureInfo.InvariantCulture),
            EnableCoreDump = pod.TryGetAnnotation(AnnotationNames.EnableCoreDump, out var core) ? core == "true" : config.EnableCoreDump,
            RewriteProbes = !grpc && !simple && (pod.TryGetAnnotation(AnnotationNames.RewriteAppHttpProbers, out var rw) ? rw == "true" : config.RewriteAppHttpProbe),
            Workload = WorkloadIdentity.Of(pod),
            HoldApplication = config.HoldApplicationUntilProxyStarts
                || (pod.TryGetAnnotation(AnnotationNames.ProxyConfig, out var proxyConfig) && ProxyConfigAnnotation.HoldsApplication(proxyConfig)),
            Previous = previous,
            Budget = budget ?? WorkBudget.Unlimited,
        };
        if (pod.TryGetAnnotation(AnnotationNames.UserVolume, out var uv)) plan._userVolumes = AnnotationJson.Parse(uv);
        if (pod.TryGetAnnotation(AnnotationNames.UserVolumeMount, out var uvm)) plan._userVolumeMounts = AnnotationJson.Parse(uvm);
        plan.UserProxy = plan.FindUserProxy();
        return plan;
    }

    /// <summary>
    /// The pod's istio-proxy is one an earlier injection added: its status lists it. A status that does not (written by
    /// hand or another tool) leaves the pod's istio-proxy the user's, merged and removed as on a first injection;
    /// otherwise it stayed beside ours and the pod had two (found by fuzzing).
    /// </summary>
    public bool ProxyInjectedBefore => Previous.Injected
        && (Previous.Containers.Contains(ContainerNames.Proxy) || Previous.InitContainers.Contains(ContainerNames.Proxy));

    private JsonElement FindUserProxy()
    {
        // A pod injected before carries its user's proxy settings in proxy.istio.io/overrides; its istio-proxy is ours.
        if (ProxyInjectedBefore)
        {
            if (Pod.TryGetAnnotation(AnnotationNames.ProxyOverrides, out var json))
            {
                try
                {
                    _overrides = AnnotationJson.Parse(json);
                    if (_overrides.RootElement.ValueKind != JsonValueKind.Object) return default;
                    foreach (var list in _overrides.RootElement.EnumerateObject())
                    {
                        if (list.Value.ValueKind != JsonValueKind.Array) continue;
                        foreach (var c in list.Value.EnumerateArray())
                        {
                            if (PodView.StringOf(c, "name"u8) == ContainerNames.Proxy) return c;
                        }
                    }
                }
                catch (JsonException)
                {
                    // A damaged annotation only loses the user's overrides; the injection itself stays correct.
                }
            }
            return default;
        }
        // Looked for in both lists: with native sidecars ours goes to initContainers, and a user's istio-proxy in
        // either list is merged over ours and removed from where it was.
        var found = NamedProxy(Pod.Containers);
        return found.ValueKind != JsonValueKind.Undefined ? found : NamedProxy(Pod.InitContainers);
    }

    private static JsonElement NamedProxy(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array) return default;
        foreach (var c in list.EnumerateArray())
        {
            if (PodView.NameOf(c) is { ValueKind: JsonValueKind.String } name && name.ValueEquals(ContainerNames.ProxyUtf8)) return c;
        }
        return default;
    }

    /// <summary>The value of an env var on the previously injected proxy (re-injection carries some over).</summary>
    public string? PreviousProxyEnv(string name)
    {
        if (!ProxyInjectedBefore) return null;
        foreach (var list in new[] { Pod.InitContainers, Pod.Containers })
        {
            if (list.ValueKind != JsonValueKind.Array) continue;
            foreach (var c in list.EnumerateArray())
            {
                if (PodView.StringOf(c, "name"u8) != ContainerNames.Proxy) continue;
                if (!c.TryGetProperty("env"u8, out var env) || env.ValueKind != JsonValueKind.Array) continue;
                foreach (var e in env.EnumerateArray())
                {
                    if (PodView.StringOf(e, "name"u8) == name) return PodView.StringOf(e, "value"u8);
                }
            }
        }
        return null;
    }

    private static bool Contains(string[] names, string name)
    {
        foreach (var n in names)
        {
            if (n == name) return true;
        }
        return false;
    }

    public void Dispose()
    {
        _userVolumes?.Dispose();
        _userVolumeMounts?.Dispose();
        _overrides?.Dispose();
    }
}
