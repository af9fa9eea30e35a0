using System.Text.Json;
using Injector.Selectors;

namespace Injector.Injection;

/// <summary>
/// Whether a pod gets a sidecar, in Istio's order of precedence. Returns null to inject, else a skip label. A pod
/// that is to be injected then passes <see cref="AnnotationValidator"/> (below) or is denied.
/// </summary>
internal static class InjectionDecision
{
    public const string InjectKey = "sidecar.istio.io/inject";
    internal static readonly byte[] InjectKeyUtf8 = System.Text.Encoding.UTF8.GetBytes(InjectKey);

    public static string? SkipReason(PodView pod, string @namespace, CompiledRevision revision)
    {
        if (pod.HostNetwork) return SkipReasons.HostNetwork;
        if (Istio.IstioNames.IsIgnoredNamespace(@namespace)) return SkipReasons.IgnoredNamespace;

        // The label wins over the annotation even when its value is unusable (as in Istio); other values fall through.
        string? explicitValue = null;
        var fromLabel = false;
        if (pod.TryGetLabel(InjectKeyUtf8, out var label)) { explicitValue = label; fromLabel = true; }
        else if (pod.TryGetAnnotation(InjectKey, out var annotation)) explicitValue = annotation;
        if (explicitValue is not null)
        {
            if (explicitValue.Equals("true", StringComparison.OrdinalIgnoreCase)) return null;
            if (explicitValue.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return fromLabel ? SkipReasons.PodLabel : SkipReasons.PodAnnotation;
            }
        }

        // An empty selector entry matches nothing here (Istio skips it: selector.Empty()), unlike a webhook's selector.
        var never = revision.Config.NeverInjectSelector;
        var always = revision.Config.AlwaysInjectSelector;
        if (never is { Count: > 0 } || always is { Count: > 0 })
        {
            var labels = pod.LabelDictionary();
            if (never is not null)
            {
                foreach (var selector in never)
                {
                    if (!selector.IsEmpty && selector.Matches(labels)) return SkipReasons.NeverInjectSelector;
                }
            }
            if (always is not null)
            {
                foreach (var selector in always)
                {
                    if (!selector.IsEmpty && selector.Matches(labels)) return null;
                }
            }
        }
        return revision.PolicyEnabled ? null : SkipReasons.PolicyDisabled;
    }
}

/// <summary>
/// Checks the override annotations the way istiod does and returns the denial message for the first bad one.
/// Also enforces the revision's <c>forbiddenAnnotations</c>.
/// </summary>
internal static class AnnotationValidator
{
    public static string? Validate(PodView pod, CompiledRevision revision)
    {
        if (pod.Annotations.ValueKind != JsonValueKind.Object) return null;
        if (revision.Config.ForbiddenAnnotations is { } forbidden)
        {
            foreach (var key in forbidden)
            {
                if (pod.HasAnnotation(key))
                {
                    return "annotation \"" + key + "\" is forbidden by revision \"" + revision.Name + "\"";
                }
            }
        }
        // Look up the few keys we validate rather than reading every annotation: pods carry large ones
        // (kubectl's last-applied-configuration) that must not cost a string each.
        if (!pod.HasAnyAnnotation(ValidatedMask)) return null;
        foreach (var key in ValidatedKeys)
        {
            if (!pod.TryGetAnnotation(key, out var value)) continue;
            if (Check(key, value) is { } problem)
            {
                return "invalid value \"" + Printable(value, MaxShownValueLength) + "\" for annotation \"" + key + "\": " + Printable(problem, MaxShownProblemLength);
            }
        }
        return null;
    }

    // The message reaches kubectl and the API server's logs: keep it one line and short whatever the value holds
    // (found by fuzzing: a value with a newline split the message, a huge value was echoed whole).
    internal const int MaxShownValueLength = 100;
    private const int MaxShownProblemLength = 300;

    internal static string Printable(string value, int maxLength)
    {
        var shown = value.Length > maxLength ? value[..maxLength] : value;
        var builder = new System.Text.StringBuilder(shown.Length + 8);
        foreach (var c in shown)
        {
            if (c < 0x20 || c == 0x7f || c is '\u2028' or '\u2029') builder.Append("\\u").Append(((int)c).ToString("x4"));
            else builder.Append(c);
        }
        if (shown.Length < value.Length) builder.Append("...");
        return builder.ToString();
    }

    private static readonly string[] ValidatedKeys =
    [
        AnnotationNames.InterceptionMode, AnnotationNames.StatusPort, AnnotationNames.ReadinessInitialDelay,
        AnnotationNames.ReadinessPeriod, AnnotationNames.ReadinessFailureThreshold, AnnotationNames.ReadinessApplicationPorts,
        AnnotationNames.ExcludeInboundPorts, AnnotationNames.ExcludeOutboundPorts, AnnotationNames.IncludeOutboundPorts,
        AnnotationNames.IncludeInboundPorts, AnnotationNames.IncludeOutboundIpRanges, AnnotationNames.ExcludeOutboundIpRanges,
        AnnotationNames.EnableCoreDump, AnnotationNames.RewriteAppHttpProbers, AnnotationNames.ProxyCpu, AnnotationNames.ProxyCpuLimit,
        AnnotationNames.ProxyMemory, AnnotationNames.ProxyMemoryLimit, AnnotationNames.UserVolume, AnnotationNames.UserVolumeMount,
        AnnotationNames.Templates, AnnotationNames.ProxyConfig,
    ];

    private static readonly ulong ValidatedMask = AnnotationIndex.MaskOf(ValidatedKeys);

    /// <summary>Null when <paramref name="value"/> is acceptable for <paramref name="key"/> (unknown keys always are).</summary>
    private static string? Check(string key, string value) => key switch
    {
        AnnotationNames.InterceptionMode => value is "REDIRECT" or "TPROXY" or "NONE" ? null : "must be REDIRECT, TPROXY or NONE",
        AnnotationNames.StatusPort => ValueSyntax.IsPort(value, allowZero: true) ? null : "must be a port number 0..65535",
        AnnotationNames.ReadinessInitialDelay or AnnotationNames.ReadinessPeriod or AnnotationNames.ReadinessFailureThreshold
            => ValueSyntax.IsUInt32(value) ? null : "must be a non-negative integer",
        AnnotationNames.ReadinessApplicationPorts or AnnotationNames.ExcludeInboundPorts
            or AnnotationNames.ExcludeOutboundPorts or AnnotationNames.IncludeOutboundPorts
            => ValueSyntax.IsPortList(value, allowStar: false) ? null : "must be a comma-separated list of ports 1..65535",
        AnnotationNames.IncludeInboundPorts => ValueSyntax.IsPortList(value, allowStar: true) ? null : "must be \"*\" or a comma-separated list of ports",
        AnnotationNames.IncludeOutboundIpRanges => ValueSyntax.IsCidrList(value, allowStar: true) ? null : "must be \"*\" or a comma-separated list of CIDRs",
        AnnotationNames.ExcludeOutboundIpRanges => ValueSyntax.IsCidrList(value, allowStar: false) ? null : "must be a comma-separated list of CIDRs",
        AnnotationNames.EnableCoreDump or AnnotationNames.RewriteAppHttpProbers
            => value is "true" or "false" ? null : "must be true or false",
        AnnotationNames.ProxyCpu or AnnotationNames.ProxyCpuLimit or AnnotationNames.ProxyMemory or AnnotationNames.ProxyMemoryLimit
            => ValueSyntax.IsQuantity(value) ? null : "must be a Kubernetes quantity such as 100m or 1Gi",
        AnnotationNames.UserVolume or AnnotationNames.UserVolumeMount
            => ValueSyntax.IsJsonObjectOfObjects(value) ? null : "must be a JSON object mapping names to objects",
        AnnotationNames.Templates => TemplateNames.Problem(value) ?? TemplateNames.AloneProblem(value),
        AnnotationNames.ProxyConfig => ProxyConfigAnnotation.Problem(value),
        _ => null,
    };
}
