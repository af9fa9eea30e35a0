using System.Text.Json;
using Injector.Json;

namespace Injector.Injection;

/// <summary>
/// The annotations the engine reads, located in one pass over the pod's annotations. The templates ask for dozens of
/// keys; looking each up in the JSON object would scan it dozens of times (and kubectl's last-applied annotation is big).
/// </summary>
internal static class AnnotationIndex
{
    private static readonly string[] Keys =
    [
        InjectionDecision.InjectKey,
        AnnotationNames.Status, AnnotationNames.Templates, AnnotationNames.ProxyOverrides, AnnotationNames.ProxyConfig,
        AnnotationNames.ProxyImage, AnnotationNames.InterceptionMode, AnnotationNames.LogLevel, AnnotationNames.ComponentLogLevel,
        AnnotationNames.AgentLogLevel, AnnotationNames.EnableCoreDump, AnnotationNames.RewriteAppHttpProbers,
        AnnotationNames.ProxyCpu, AnnotationNames.ProxyMemory, AnnotationNames.ProxyCpuLimit, AnnotationNames.ProxyMemoryLimit,
        AnnotationNames.UserVolume, AnnotationNames.UserVolumeMount, AnnotationNames.StatusPort,
        AnnotationNames.ReadinessInitialDelay, AnnotationNames.ReadinessPeriod, AnnotationNames.ReadinessFailureThreshold,
        AnnotationNames.ReadinessApplicationPorts, AnnotationNames.IncludeOutboundIpRanges, AnnotationNames.ExcludeOutboundIpRanges,
        AnnotationNames.IncludeInboundPorts, AnnotationNames.ExcludeInboundPorts, AnnotationNames.IncludeOutboundPorts,
        AnnotationNames.ExcludeOutboundPorts, AnnotationNames.ExcludeInterfaces, AnnotationNames.KubevirtInterfaces,
        AnnotationNames.RerouteVirtualInterfaces, AnnotationNames.Rev, AnnotationNames.DefaultContainer,
        AnnotationNames.DefaultLogsContainer, AnnotationNames.PrometheusScrape, AnnotationNames.PrometheusPort, AnnotationNames.PrometheusPath,
    ];

    /// <summary>At most 64: <see cref="AnnotationSlots"/> keeps one presence bit per key in a <c>ulong</c>.</summary>
    public static int KeyCount => Keys.Length;

    // One forward pass, each annotation compared with the one or two keys of its length (pods carry hundreds of
    // annotations; kubectl's last-applied one is big).
    private static readonly PropertyPicker Picker = new(Keys);

    /// <summary>One pass over the pod's annotations: which indexed keys are present, and their values.</summary>
    public static AnnotationSlots Build(JsonTreeElement annotations)
    {
        if (annotations.ValueKind != JsonValueKind.Object) return default;
        var slots = new AnnotationSlots(indexed: true);
        foreach (var property in annotations.EnumerateObject())
        {
            var id = Picker.IndexOf(property);
            if (id >= 0) slots.Set(id, property.Value);
        }
        return slots;
    }

    /// <summary>The slot for <paramref name="key"/>, or -1 when the key is not indexed (look it up directly).</summary>
    public static int IdOf(string key) => Picker.IndexOf(key);

    /// <summary>The presence bits of <paramref name="keys"/>, for "any of these set?" in one test. Every key must be indexed.</summary>
    public static ulong MaskOf(string[] keys)
    {
        var mask = 0UL;
        foreach (var key in keys)
        {
            var id = IdOf(key);
            if (id < 0) throw new InvalidOperationException("annotation " + key + " is not indexed");
            mask |= 1UL << id;
        }
        return mask;
    }
}
