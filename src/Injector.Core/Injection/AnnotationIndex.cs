using System.Collections.Frozen;
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

    private static readonly byte[][] Utf8Keys = Array.ConvertAll(Keys, Encoding.UTF8.GetBytes);

    private static readonly FrozenDictionary<string, int> Ids =
        Keys.Select((key, id) => (key, id)).ToFrozenDictionary(p => p.key, p => p.id, StringComparer.Ordinal);

    // Keys bucketed by UTF-8 length: a pod's annotation is compared with the one or two keys of its length, not all of them
    // (pods with hundreds of annotations otherwise cost dozens of comparisons each).
    private static readonly int[][] IdsByLength = BucketByLength();

    /// <summary>Null when the pod has no annotations object; else one slot per known key (Undefined when absent).</summary>
    public static JsonElement[]? Build(JsonElement annotations)
    {
        if (annotations.ValueKind != JsonValueKind.Object) return null;
        var slots = new JsonElement[Keys.Length];
        foreach (var property in annotations.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            if (raw.IndexOf((byte)'\\') >= 0)
            {
                // An escaped name: let the reader unescape it while comparing (rare; no key we index needs escaping).
                MatchEscaped(property, slots);
                continue;
            }
            if (raw.Length >= IdsByLength.Length) continue;
            foreach (var id in IdsByLength[raw.Length])
            {
                if (raw.SequenceEqual(Utf8Keys[id]))
                {
                    slots[id] = property.Value;
                    break;
                }
            }
        }
        return slots;
    }

    private static void MatchEscaped(JsonProperty property, JsonElement[] slots)
    {
        for (var id = 0; id < Utf8Keys.Length; id++)
        {
            if (property.NameEquals(Utf8Keys[id]))
            {
                slots[id] = property.Value;
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
    public static int IdOf(string key) => Ids.TryGetValue(key, out var id) ? id : -1;
}
