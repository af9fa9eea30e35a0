using Injector.Webhooks;
using Injector.Istio;
using Injector.Selectors;

namespace Injector.Operations.CheckInject;

/// <summary>Turns a selector's verdict into a short reason naming the label that decided it.</summary>
internal static class SelectorExplainer
{
    public enum Scope { Namespace, Pod }

    private const string Deactivated = "webhook deactivated (never-match selector)";

    /// <summary>A reason for the first requirement the labels fail, or null when the selector matches.</summary>
    public static string? FirstMismatch(LabelSelector? selector, IReadOnlyDictionary<string, string> labels, Scope scope)
    {
        if (selector is null) return null;
        if (selector.MatchLabels is not null)
        {
            foreach (var (key, value) in selector.MatchLabels)
            {
                if (labels.TryGetValue(key, out var actual) && actual == value) continue;
                if (key == IstioNames.DeactivatedLabel) return Deactivated;
                return Missing(key, labels, scope, "=" + value);
            }
        }
        if (selector.MatchExpressions is null) return null;
        foreach (var requirement in selector.MatchExpressions)
        {
            if (requirement.Matches(labels)) continue;
            if (requirement.Key == IstioNames.DeactivatedLabel)
            {
                return Deactivated;
            }
            return requirement.Operator switch
            {
                "In" => Missing(requirement.Key, labels, scope, " in [" + string.Join(",", requirement.Values ?? []) + "]"),
                "Exists" => Noun(scope) + " has no " + requirement.Key + " label",
                // NotIn and DoesNotExist fail only when the label is present: name it and its value.
                "NotIn" => Noun(scope) + " label " + requirement.Key + "=" + labels[requirement.Key],
                "DoesNotExist" => Noun(scope) + " has " + requirement.Key + "=" + labels[requirement.Key],
                _ => "selector operator " + requirement.Operator + " is invalid",
            };
        }
        return null;
    }

    /// <summary>Names the label that selected the pod: the first positive requirement, namespace first, then pod.</summary>
    public static string WhyMatched(
        LabelSelector? namespaceSelector, IReadOnlyDictionary<string, string> namespaceLabels,
        LabelSelector? objectSelector, IReadOnlyDictionary<string, string> podLabels)
    {
        var reasons = new List<string>(2);
        if (PositiveLabel(namespaceSelector) is { } namespaceKey)
        {
            reasons.Add(namespaceKey == IstioNames.InjectionLabel
                ? "namespace has " + namespaceKey + "=" + namespaceLabels[namespaceKey]
                : "namespace label " + namespaceKey + "=" + namespaceLabels[namespaceKey]);
        }
        if (PositiveLabel(objectSelector) is { } podKey)
        {
            reasons.Add("pod label " + podKey + "=" + podLabels[podKey]);
        }
        return reasons.Count == 0 ? "selectors match every pod" : string.Join(", ", reasons);
    }

    /// <summary>The first label the selector requires to be present (matchLabels, In, Exists); the name label is skipped.</summary>
    private static string? PositiveLabel(LabelSelector? selector)
    {
        if (selector is null) return null;
        if (selector.MatchLabels is not null)
        {
            foreach (var key in selector.MatchLabels.Keys)
            {
                if (key != IstioNames.NamespaceNameLabel) return key;
            }
        }
        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            if (requirement.Operator is "In" or "Exists" && requirement.Key != IstioNames.NamespaceNameLabel) return requirement.Key;
        }
        return null;
    }

    private static string Missing(string key, IReadOnlyDictionary<string, string> labels, Scope scope, string wanted) =>
        labels.TryGetValue(key, out var actual)
            ? Noun(scope) + " label " + key + "=" + actual + " (selector wants " + key + wanted + ")"
            : Noun(scope) + " has no " + key + " label";

    private static string Noun(Scope scope) => scope == Scope.Namespace ? "namespace" : "pod";
}
