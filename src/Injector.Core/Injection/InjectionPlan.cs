using Injector.Json;
using System.Globalization;
using System.Text.Json;
using Injector.Limits;

namespace Injector.Injection;

/// <summary>
/// The per-pod values the templates need: revision settings with the pod's override annotations applied,
/// the workload identity, the template choice, what a previous injection left behind (<see cref="PreviousInjection"/>)
/// and the probe rewrites (<see cref="ProbeRewrites"/>), both below. Built after validation, so annotation values here
/// are known to be well-formed; complete once <see cref="Create"/> returns.
/// </summary>
internal sealed class InjectionPlan : IDisposable
{
    private JsonTree? _userVolumes;
    private JsonTree? _userVolumeMounts;
    private JsonTree? _overrides;

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

    /// <summary>The probe rewrites, collected by <see cref="Create"/> once the rest of the plan is set (the proxy env
    /// and the containers both use them).</summary>
    public ProbeRewrites Probes { get; private set; } = ProbeRewrites.Empty;

    /// <summary>The revision's setting, or <c>holdApplicationUntilProxyStarts</c> in <c>proxy.istio.io/config</c>.</summary>
    public required bool HoldApplication { get; init; }

    public bool NativeSidecar => Revision.Config.NativeSidecars && Sidecar;
    public bool Intercept => InterceptionMode != "NONE" && Sidecar;

    public byte[][] VolumeSegments => Gateway ? Revision.Segments.GatewayVolumes : GrpcAgent ? Revision.Segments.GrpcVolumes : Revision.Segments.SidecarVolumes;
    public string[] VolumeNames => Revision.Segments.VolumeNames(Gateway, GrpcAgent);
    public byte[][] ProxyMountSegments => Gateway ? Revision.Segments.GatewayVolumeMounts : GrpcAgent ? Revision.Segments.GrpcVolumeMounts : Revision.Segments.SidecarVolumeMounts;

    public JsonTreeElement UserVolumes => _userVolumes?.Root ?? default;
    public JsonTreeElement UserVolumeMounts => _userVolumeMounts?.Root ?? default;

    /// <summary>The user's own <c>istio-proxy</c> container, merged over the injected one (Istio's override).</summary>
    public JsonTreeElement UserProxy { get; private set; }

    public string Annotation(string key, string fallback) => Pod.TryGetAnnotation(key, out var v) ? v : fallback;

    public int AnnotationInt(string key, int fallback) =>
        Pod.TryGetAnnotation(key, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : fallback;

    public static InjectionPlan Create(PodView pod, in InjectionParameters parameters, CompiledRevision revision, WorkBudget? budget = null)
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
            Previous = PreviousInjection.Read(pod),
            Budget = budget ?? WorkBudget.Unlimited,
        };
        if (pod.TryGetAnnotation(AnnotationNames.UserVolume, out var uv)) plan._userVolumes = AnnotationJson.Parse(uv);
        if (pod.TryGetAnnotation(AnnotationNames.UserVolumeMount, out var uvm)) plan._userVolumeMounts = AnnotationJson.Parse(uvm);
        plan.UserProxy = plan.FindUserProxy();
        try
        {
            plan.Budget.Check();
            plan.Probes = ProbeRewrites.Collect(plan);
        }
        catch
        {
            // The caller's using never got the plan: give its parsed annotations back here.
            plan.Dispose();
            throw;
        }
        return plan;
    }

    /// <summary>
    /// The pod's istio-proxy is one an earlier injection added: its status lists it. A status that does not (written by
    /// hand or another tool) leaves the pod's istio-proxy the user's, merged and removed as on a first injection;
    /// otherwise it stayed beside ours and the pod had two (found by fuzzing).
    /// </summary>
    public bool ProxyInjectedBefore => Previous.Injected
        && (Previous.Containers.Contains(ContainerNames.Proxy) || Previous.InitContainers.Contains(ContainerNames.Proxy));

    private JsonTreeElement FindUserProxy()
    {
        // A pod injected before carries its user's proxy settings in proxy.istio.io/overrides; its istio-proxy is ours.
        if (ProxyInjectedBefore)
        {
            if (Pod.TryGetAnnotation(AnnotationNames.ProxyOverrides, out var json))
            {
                try
                {
                    _overrides = AnnotationJson.Parse(json);
                    if (_overrides.Root.ValueKind != JsonValueKind.Object) return default;
                    foreach (var list in _overrides.Root.EnumerateObject())
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

    private static JsonTreeElement NamedProxy(JsonTreeElement list)
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

/// <summary>
/// What an earlier injection added, from its <c>sidecar.istio.io/status</c> annotation. Re-injection removes exactly
/// these and injects afresh, so injecting twice equals injecting once.
/// </summary>
internal sealed class PreviousInjection
{
    public static readonly PreviousInjection None = new(NameSet.Empty, NameSet.Empty, NameSet.Empty, NameSet.Empty, injected: false);

    private PreviousInjection(NameSet initContainers, NameSet containers, NameSet volumes, NameSet imagePullSecrets, bool injected)
    {
        InitContainers = initContainers;
        Containers = containers;
        Volumes = volumes;
        ImagePullSecrets = imagePullSecrets;
        Injected = injected;
    }

    public bool Injected { get; }
    public NameSet InitContainers { get; }
    public NameSet Containers { get; }
    public NameSet Volumes { get; }
    public NameSet ImagePullSecrets { get; }

    public static PreviousInjection Read(PodView pod)
    {
        if (!pod.TryGetAnnotation(AnnotationNames.Status, out var json)) return None;
        try
        {
            using var doc = AnnotationJson.Parse(json);
            var root = doc.Root;
            if (root.ValueKind != JsonValueKind.Object) return None;
            // Only our own containers are removed: a template may list an app container it modified (grpc-agent),
            // and removing that would delete the user's workload.
            return new PreviousInjection(new NameSet(Ours(Names(root, "initContainers"))), new NameSet(Ours(Names(root, "containers"))),
                new NameSet(Names(root, "volumes")), new NameSet(Names(root, "imagePullSecrets")), injected: true);
        }
        catch (JsonException)
        {
            // Not ours to trust: treat the pod as never injected.
            return None;
        }
    }

    private static List<string> Ours(List<string> names)
    {
        names.RemoveAll(n => n is not (ContainerNames.Proxy or ContainerNames.Init or ContainerNames.Validation or ContainerNames.CoreDump or ContainerNames.GrpcBootstrap));
        return names;
    }

    private static List<string> Names(JsonTreeElement root, string key)
    {
        if (!root.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array) return [];
        var names = new List<string>(list.GetArrayLength());
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) names.Add(item.GetString()!);
        }
        return names;
    }
}

/// <summary>
/// Istio's app-probe rewrite: each httpGet/tcpSocket/gRPC probe (and httpGet/tcpSocket lifecycle hook) of an app
/// container is pointed at the agent's status port under <c>/app-health/&lt;container&gt;/{readyz,livez,startupz}</c>
/// (hooks: <c>/app-lifecycle/&lt;container&gt;/{prestopz,poststartz}</c>); the originals travel to the agent in
/// <c>ISTIO_KUBE_APP_PROBERS</c>, keyed by path, sorted, named ports resolved.
/// </summary>
internal sealed class ProbeRewrites
{
    /// <summary>No rewrites, shared by every request: sealed, so nothing can be added to it.</summary>
    public static readonly ProbeRewrites Empty = CreateEmpty();

    private readonly List<Rewrite> _rewrites;

    // Sized for the common case (readiness and liveness on every container), so the lists do not regrow per pod.
    private ProbeRewrites(int capacity)
    {
        _rewrites = new List<Rewrite>(capacity);
        Probers = new AppProbers(capacity);
    }

    private static ProbeRewrites CreateEmpty()
    {
        var empty = new ProbeRewrites(0);
        empty.Probers.Seal();
        return empty;
    }

    // The JSON-Pointer suffix of each handler, and the agent's path word for it: static, so nothing is built per probe.
    // UTF-8 names and suffixes: looked up and written without transcoding.
    private static readonly (byte[] Property, byte[] PathSuffix, string Word)[] Probes =
    [
        ("readinessProbe"u8.ToArray(), "/readinessProbe"u8.ToArray(), "readyz"),
        ("livenessProbe"u8.ToArray(), "/livenessProbe"u8.ToArray(), "livez"),
        ("startupProbe"u8.ToArray(), "/startupProbe"u8.ToArray(), "startupz"),
    ];
    private static readonly (byte[] Property, byte[] PathSuffix, string Word)[] Hooks =
    [
        ("preStop"u8.ToArray(), "/lifecycle/preStop"u8.ToArray(), "prestopz"),
        ("postStart"u8.ToArray(), "/lifecycle/postStart"u8.ToArray(), "poststartz"),
    ];

    /// <summary>One probe to replace: container index, the JSON-Pointer suffix, the new path, the original.</summary>
    public readonly record struct Rewrite(int ContainerIndex, byte[] PathSuffix, string Url, JsonTreeElement Original);

    /// <summary>The probes to replace, read-only (added to only while <see cref="Collect"/> builds them).</summary>
    public ReadOnlySpan<Rewrite> Rewrites => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rewrites);

    /// <summary>The originals, for <c>ISTIO_KUBE_APP_PROBERS</c>.</summary>
    public AppProbers Probers { get; }

    public static ProbeRewrites Collect(InjectionPlan plan)
    {
        var containers = plan.Pod.Containers;
        if (!plan.RewriteProbes || plan.StatusPort == 0 || containers.ValueKind != JsonValueKind.Array) return Empty;
        ProbeRewrites? result = null;
        PreviousProbers? previous = null; // made on the first probe an earlier injection rewrote
        try
        {
            var index = -1;
            foreach (var c in containers.EnumerateArray())
            {
                plan.Budget.Spend();
                index++;
                var nameElement = PodView.NameOf(c);
                if (nameElement.ValueKind != JsonValueKind.String || nameElement.ValueEquals(ContainerNames.ProxyUtf8)
                    || plan.Previous.Containers.Contains(nameElement)) continue;
                string? name = null; // made only for a container with a probe to rewrite
                foreach (var (property, pathSuffix, word) in Probes)
                {
                    if (c.TryGetProperty(property, out var probe) && probe.ValueKind == JsonValueKind.Object)
                    {
                        Consider(ref result, ref previous, plan, c, index, pathSuffix, string.Concat("/app-health/", name ??= nameElement.GetString(), "/", word), probe, withTimeout: true);
                    }
                }
                if (c.TryGetProperty("lifecycle"u8, out var lifecycle) && lifecycle.ValueKind == JsonValueKind.Object)
                {
                    foreach (var (property, pathSuffix, word) in Hooks)
                    {
                        if (lifecycle.TryGetProperty(property, out var hook) && hook.ValueKind == JsonValueKind.Object)
                        {
                            Consider(ref result, ref previous, plan, c, index, pathSuffix, string.Concat("/app-lifecycle/", name ??= nameElement.GetString(), "/", word), hook, withTimeout: false);
                        }
                    }
                }
            }
        }
        finally
        {
            previous?.Dispose();
        }
        result?.Probers.Seal();
        return result ?? Empty;
    }

    private static void Consider(ref ProbeRewrites? result, ref PreviousProbers? previous, InjectionPlan plan, JsonTreeElement container,
        int index, byte[] suffix, string url, JsonTreeElement probe, bool withTimeout)
    {
        if (probe.TryGetProperty("httpGet"u8, out var http) && http.ValueKind == JsonValueKind.Object)
        {
            if (IsRewritten(http, url, plan.StatusPort))
            {
                // Injected before: keep the probe, carry the original the agent already had.
                previous ??= new PreviousProbers(plan);
                if (previous.TryFind(url, out var original))
                {
                    result ??= new ProbeRewrites(Capacity(plan));
                    result.Probers.AddCarried(url, TemplateSegments.Render(w => original.WriteTo(w)));
                }
                return;
            }
        }
        else if (!(probe.TryGetProperty("tcpSocket"u8, out var tcp) && tcp.ValueKind == JsonValueKind.Object)
                 && !(probe.TryGetProperty("grpc"u8, out var grpc) && grpc.ValueKind == JsonValueKind.Object))
        {
            return; // exec and unknown handlers stay as they are
        }
        result ??= new ProbeRewrites(Capacity(plan));
        result._rewrites.Add(new Rewrite(index, suffix, url, probe));
        result.Probers.Add(url, probe, container, withTimeout);
    }

    private static int Capacity(InjectionPlan plan) => 2 * plan.Pod.Containers.GetArrayLength();

    private static bool IsRewritten(JsonTreeElement http, string url, int statusPort) =>
        http.TryGetProperty("path"u8, out var path) && path.ValueKind == JsonValueKind.String && path.ValueEquals(url)
        && http.TryGetProperty("port"u8, out var port) && port.ValueKind == JsonValueKind.Number
        && port.TryGetInt32(out var p) && p == statusPort;

    /// <summary>Writes the rewritten probe: the original's other fields kept, the handler pointed at the status port.</summary>
    public static void WriteRewritten(Utf8JsonWriter w, in Rewrite rewrite, int statusPort)
    {
        w.WriteStartObject();
        JsonTreeElement http = default;
        foreach (var p in rewrite.Original.EnumerateObject())
        {
            if (p.NameEquals("httpGet"u8)) { http = p.Value; continue; }
            if (p.NameEquals("tcpSocket"u8) || p.NameEquals("grpc"u8)) continue;
            p.WriteTo(w);
        }
        w.WriteStartObject("httpGet");
        w.WriteString("path", rewrite.Url);
        w.WriteNumber("port", statusPort);
        if (http.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in http.EnumerateObject())
            {
                if (p.NameEquals("path"u8) || p.NameEquals("port"u8)) continue;
                // The agent speaks HTTPS to the app; the kubelet speaks plain HTTP to the agent.
                if (p.NameEquals("scheme"u8)) { w.WriteString("scheme", "HTTP"); continue; }
                p.WriteTo(w);
            }
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// The originals an earlier injection gave the agent (the previous proxy's <c>ISTIO_KUBE_APP_PROBERS</c>), read
    /// once per pod on first use, and indexed when large: looking each probe up in the object scanned all of it.
    /// </summary>
    private sealed class PreviousProbers(InjectionPlan plan) : IDisposable
    {
        private const int SearchedInPlace = 16;
        private bool _loaded;
        private JsonTree? _document;
        private Dictionary<string, JsonTreeElement>? _index;

        public bool TryFind(string url, out JsonTreeElement original)
        {
            original = default;
            if (!_loaded)
            {
                _loaded = true;
                _document = Load(plan);
                var root = _document?.Root ?? default;
                if (root.ValueKind == JsonValueKind.Object && Count(root) > SearchedInPlace)
                {
                    _index = new Dictionary<string, JsonTreeElement>(StringComparer.Ordinal);
                    foreach (var p in root.EnumerateObject()) _index[p.Name] = p.Value; // a repeated key: the last wins, as in TryGetProperty
                }
            }
            if (_index is not null) return _index.TryGetValue(url, out original);
            return _document is { Root: { ValueKind: JsonValueKind.Object } r } && r.TryGetProperty(url, out original);
        }

        private static int Count(JsonTreeElement obj)
        {
            var n = 0;
            foreach (var _ in obj.EnumerateObject())
            {
                if (++n > SearchedInPlace) break;
            }
            return n;
        }

        private static JsonTree? Load(InjectionPlan plan)
        {
            foreach (var list in new[] { plan.Pod.InitContainers, plan.Pod.Containers })
            {
                if (list.ValueKind != JsonValueKind.Array) continue;
                foreach (var c in list.EnumerateArray())
                {
                    if (PodView.StringOf(c, "name"u8) != ContainerNames.Proxy) continue;
                    if (!c.TryGetProperty("env"u8, out var env) || env.ValueKind != JsonValueKind.Array) continue;
                    foreach (var e in env.EnumerateArray())
                    {
                        if (PodView.StringOf(e, "name"u8) == "ISTIO_KUBE_APP_PROBERS" && PodView.StringOf(e, "value"u8) is { } json)
                        {
                            try { return AnnotationJson.Parse(json); }
                            catch (JsonException) { return null; }
                        }
                    }
                }
            }
            return null;
        }

        public void Dispose() => _document?.Dispose();
    }
}
