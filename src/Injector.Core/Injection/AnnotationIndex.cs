using System.Text;
using System.Runtime.InteropServices;
using System.Text.Json;

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

    private static readonly byte[][] Utf8Keys = Array.ConvertAll(Keys, Encoding.UTF8.GetBytes);

    // Keys bucketed by length (UTF-8 bytes; the keys are ASCII, so also UTF-16 chars): a pod's annotation is compared
    // with the one or two keys of its length, not all of them (pods with hundreds of annotations otherwise cost dozens
    // of comparisons each), and a lookup by name compares one or two strings instead of hashing a long one.
    private static readonly int[][] IdsByLength = BucketByLength();

    /// <summary>One pass over the pod's annotations: which indexed keys are present, and their values.</summary>
    public static AnnotationSlots Build(JsonElement annotations)
    {
        if (annotations.ValueKind != JsonValueKind.Object) return default;
        var slots = new AnnotationSlots(indexed: true);
        foreach (var property in annotations.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            if (raw.IndexOf((byte)'\\') >= 0)
            {
                // An escaped name: let the reader unescape it while comparing (rare; no key we index needs escaping).
                MatchEscaped(property, ref slots);
                continue;
            }
            if (raw.Length >= IdsByLength.Length) continue;
            foreach (var id in IdsByLength[raw.Length])
            {
                if (raw.SequenceEqual(Utf8Keys[id]))
                {
                    slots.Set(id, property.Value);
                    break;
                }
            }
        }
        return slots;
    }

    private static void MatchEscaped(JsonProperty property, ref AnnotationSlots slots)
    {
        for (var id = 0; id < Utf8Keys.Length; id++)
        {
            if (property.NameEquals(Utf8Keys[id]))
            {
                slots.Set(id, property.Value);
                return;
            }
        }
    }

    private static int[][] BucketByLength()
    {
        var longest = 0;
        foreach (var key in Utf8Keys) longest = Math.Max(longest, key.Length);
        var buckets = new List<int>[longest + 1];
        for (var id = 0; id < Utf8Keys.Length; id++) (buckets[Utf8Keys[id].Length] ??= []).Add(id);
        return Array.ConvertAll(buckets, b => b is null ? [] : b.ToArray());
    }

    /// <summary>The slot for <paramref name="key"/>, or -1 when the key is not indexed (look it up directly).</summary>
    public static int IdOf(string key)
    {
        if ((uint)key.Length >= (uint)IdsByLength.Length) return -1;
        foreach (var id in IdsByLength[key.Length])
        {
            // Callers pass the AnnotationNames constants, so the reference check usually decides.
            if (string.Equals(Keys[id], key)) return id;
        }
        return -1;
    }

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
