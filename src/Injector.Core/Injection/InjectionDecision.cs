using Injector.Selectors;

namespace Injector.Injection;

/// <summary>Whether a pod gets a sidecar, in Istio's order of precedence. Returns null to inject, else a skip label.</summary>
internal static class InjectionDecision
{
    public const string InjectKey = "sidecar.istio.io/inject";
    private static readonly byte[] InjectKeyUtf8 = System.Text.Encoding.UTF8.GetBytes(InjectKey);

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
