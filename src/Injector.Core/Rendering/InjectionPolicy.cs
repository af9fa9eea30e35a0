using Injector.Selectors;

namespace Injector.Rendering;

/// <summary>
/// Istio's <c>injectRequired</c>: host network and the ignored system namespaces never; then the
/// <c>sidecar.istio.io/inject</c> label (preferred) or annotation; without one, the never- then always-inject
/// selectors; then the config's policy (<c>enabled</c> injects by default, <c>disabled</c> only on request, anything
/// else never).
/// </summary>
internal static class InjectionPolicy
{
    /// <summary>Namespaces Istio never injects (<c>inject.IgnoredNamespaces</c>).</summary>
    public static readonly IReadOnlySet<string> IgnoredNamespaces =
        new HashSet<string>(StringComparer.Ordinal) { "kube-system", "kube-public", "kube-node-lease", "local-path-storage" };

    /// <summary>Null when injection is required, else why not.</summary>
    public static string? SkipReason(
        bool hostNetwork,
        string @namespace,
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyDictionary<string, string> annotations,
        string policy,
        IReadOnlyList<LabelSelector> never,
        IReadOnlyList<LabelSelector> always)
    {
        if (hostNetwork) return "the pod uses the host network";
        if (IgnoredNamespaces.Contains(@namespace)) return "namespace " + @namespace + " is never injected";

        annotations.TryGetValue("sidecar.istio.io/inject", out var selector);
        if (labels.TryGetValue("sidecar.istio.io/inject", out var label)) selector = label;
        bool useDefault = false, inject = false;
        switch (selector)
        {
            case "true": inject = true; break;
            case "false": inject = false; break;
            default: useDefault = true; break; // "" or invalid: Istio warns and uses the default
        }
        if (useDefault && FirstMatch(never, labels))
        {
            inject = false;
            useDefault = false;
        }
        if (useDefault && FirstMatch(always, labels))
        {
            inject = true;
            useDefault = false;
        }
        bool required = policy switch
        {
            "enabled" => useDefault || inject,
            "disabled" => !useDefault && inject,
            _ => false,
        };
        if (required) return null;
        return policy is not ("enabled" or "disabled") ? "injection policy " + (policy.Length == 0 ? "(empty)" : policy) + " turns injection off"
            : useDefault ? "injection is disabled by default (policy " + policy + ")"
            : "sidecar.istio.io/inject or a never-inject selector turns injection off";
    }

    private static bool FirstMatch(IReadOnlyList<LabelSelector> selectors, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var selector in selectors)
        {
            // Istio skips selectors that metav1.LabelSelectorAsSelector refuses, and empty ones.
            if (IsEmpty(selector) || !IsValid(selector)) continue;
            if (selector.Matches(labels)) return true;
        }
        return false;
    }

    private static bool IsEmpty(LabelSelector selector) =>
        (selector.MatchLabels is null || selector.MatchLabels.Count == 0) && (selector.MatchExpressions is null || selector.MatchExpressions.Count == 0);

    private static bool IsValid(LabelSelector selector)
    {
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var count = requirement.Values?.Count ?? 0;
            var ok = requirement.Operator switch
            {
                "In" or "NotIn" => count > 0,
                "Exists" or "DoesNotExist" => count == 0,
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }
}
