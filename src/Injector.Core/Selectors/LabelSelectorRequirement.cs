using YamlDotNet.Serialization;

namespace Injector.Selectors;

/// <summary>One <c>matchExpressions</c> entry: key, operator (In, NotIn, Exists, DoesNotExist) and values.</summary>
[YamlSerializable]
public sealed class LabelSelectorRequirement
{
    [YamlMember(Alias = "key")] public string Key { get; set; } = string.Empty;
    [YamlMember(Alias = "operator")] public string Operator { get; set; } = string.Empty;
    [YamlMember(Alias = "values")] public List<string>? Values { get; set; }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            "In" => present && Contains(value!),
            // As in Kubernetes: NotIn matches when the key is absent.
            "NotIn" => !present || !Contains(value!),
            "Exists" => present,
            "DoesNotExist" => !present,
            // An unknown operator is invalid; the API server would have rejected it. Never match.
            _ => false,
        };
    }

    private bool Contains(string value)
    {
        if (Values is null) return false;
        foreach (var v in Values)
        {
            if (string.Equals(v, value, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
