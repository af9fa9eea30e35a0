using Injector.Json;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// Most pods set none of the annotations that shape <c>istio-init</c> and <c>istio-proxy</c>. For them, those containers
/// depend only on the revision, so they are rendered once (by the same writers, then split into pre-encoded
/// properties) and spliced raw afterwards; only the proxy's <c>env</c> is written per pod.
/// </summary>
internal static class DefaultShapes
{
    private static readonly string[] InitKeys =
    [
        AnnotationNames.ProxyImage, AnnotationNames.InterceptionMode, AnnotationNames.IncludeOutboundIpRanges,
        AnnotationNames.ExcludeOutboundIpRanges, AnnotationNames.IncludeInboundPorts, AnnotationNames.ExcludeInboundPorts,
        AnnotationNames.IncludeOutboundPorts, AnnotationNames.ExcludeOutboundPorts, AnnotationNames.RerouteVirtualInterfaces,
        AnnotationNames.KubevirtInterfaces, AnnotationNames.ExcludeInterfaces, AnnotationNames.AgentLogLevel, AnnotationNames.StatusPort,
        AnnotationNames.ProxyCpu, AnnotationNames.ProxyCpuLimit, AnnotationNames.ProxyMemory, AnnotationNames.ProxyMemoryLimit,
    ];

    private static readonly string[] ProxyKeys =
    [
        AnnotationNames.ProxyImage, AnnotationNames.InterceptionMode, AnnotationNames.LogLevel, AnnotationNames.ComponentLogLevel,
        AnnotationNames.AgentLogLevel, AnnotationNames.StatusPort, AnnotationNames.ProxyConfig, AnnotationNames.EnableCoreDump,
        AnnotationNames.ReadinessInitialDelay, AnnotationNames.ReadinessPeriod, AnnotationNames.ReadinessFailureThreshold,
        AnnotationNames.ProxyCpu, AnnotationNames.ProxyCpuLimit, AnnotationNames.ProxyMemory, AnnotationNames.ProxyMemoryLimit,
        AnnotationNames.UserVolumeMount,
    ];

    /// <summary>A container as (pre-encoded name, raw value) pairs around the per-pod <c>env</c>.</summary>
    internal sealed class ProxySegments
    {
        public required (JsonEncodedText Name, byte[] Value)[] BeforeEnv { get; init; }
        public required (JsonEncodedText Name, byte[] Value)[] AfterEnv { get; init; }
    }

    private static readonly ulong InitMask = AnnotationIndex.MaskOf(InitKeys);
    private static readonly ulong ProxyMask = AnnotationIndex.MaskOf(ProxyKeys);

    public static bool InitIsDefault(InjectionPlan plan) => plan.Sidecar && !plan.Pod.HasAnyAnnotation(InitMask);

    public static bool ProxyIsDefault(InjectionPlan plan) =>
        plan.Sidecar && plan.UserProxy.ValueKind == JsonValueKind.Undefined && !plan.Pod.HasAnyAnnotation(ProxyMask);

    /// <summary>The revision's default-shaped istio-init (rendered when it was compiled, <see cref="Render"/>).</summary>
    public static byte[] Init(InjectionPlan plan) => plan.Revision.DefaultInit;

    public static ProxySegments Proxy(InjectionPlan plan) => plan.Revision.DefaultProxy;

    /// <summary>
    /// Renders istio-init and istio-proxy with the real writers for a sidecar pod that sets none of the keys above:
    /// for such a pod they depend on the revision alone, so every pod of the default shape gets these bytes. Called
    /// once, when the revision is compiled (after its settings and segments are set).
    /// </summary>
    internal static (byte[] Init, ProxySegments Proxy) Render(CompiledRevision revision)
    {
        using var doc = JsonTree.Parse("{\"metadata\":{\"annotations\":{\"" + AnnotationNames.Templates + "\":\"" + TemplateNames.Sidecar + "\"}},\"spec\":{}}");
        using var plan = InjectionPlan.Create(PodView.Read(doc.Root)!, new InjectionParameters(null), revision);
        if (!InitIsDefault(plan) || !ProxyIsDefault(plan))
        {
            throw new InvalidOperationException("the default-shaped pod is not of the default shape");
        }
        var init = TemplateSegments.Render(w => InitContainerWriter.WriteInitCore(w, plan));
        var proxy = Split(TemplateSegments.Render(w => ProxyContainerWriter.WriteCore(w, plan, ProbeRewrites.Empty)));
        return (init, proxy);
    }

    private static ProxySegments Split(byte[] container)
    {
        using var doc = JsonTree.Parse(container);
        var before = new List<(JsonEncodedText, byte[])>();
        var after = new List<(JsonEncodedText, byte[])>();
        var seenEnv = false;
        foreach (var p in doc.Root.EnumerateObject())
        {
            if (p.NameEquals("env"u8)) { seenEnv = true; continue; }
            (seenEnv ? after : before).Add((JsonEncodedText.Encode(p.Name), TemplateSegments.Render(w => p.Value.WriteTo(w))));
        }
        return new ProxySegments { BeforeEnv = [.. before], AfterEnv = [.. after] };
    }
}
