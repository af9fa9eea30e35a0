using YamlDotNet.Serialization;

namespace Injector.Selectors;

/// <summary>
/// A Kubernetes label selector (matchLabels AND matchExpressions), evaluated exactly as kube-apiserver does.
/// Used for the revision's never/alwaysInjectSelector and for webhook namespace/object selectors.
/// </summary>
[YamlSerializable]
public sealed class LabelSelector
{
    [YamlMember(Alias = "matchLabels")] public Dictionary<string, string>? MatchLabels { get; set; }
    [YamlMember(Alias = "matchExpressions")] public List<LabelSelectorRequirement>? MatchExpressions { get; set; }

    /// <summary>No labels and no expressions. As a webhook selector it matches everything; as an entry of a revision's
    /// never/alwaysInjectSelector it is skipped (Istio's <c>selector.Empty()</c> check).</summary>
    [YamlIgnore]
    public bool IsEmpty => (MatchLabels is null || MatchLabels.Count == 0) && (MatchExpressions is null || MatchExpressions.Count == 0);

    /// <summary>An empty selector (no labels, no expressions) matches everything.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        if (MatchLabels is not null)
        {
            foreach (var (key, value) in MatchLabels)
            {
                if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }
        if (MatchExpressions is not null)
        {
            foreach (var requirement in MatchExpressions)
            {
                if (!requirement.Matches(labels))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
