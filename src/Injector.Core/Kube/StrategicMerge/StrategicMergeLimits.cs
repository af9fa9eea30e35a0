namespace Injector.Kube.StrategicMerge;

/// <summary>
/// Bounds for one <see cref="StrategicMerge.Apply"/>. The trees come from parsers with their own size limits
/// (<see cref="Kube.Yaml.GoYamlLimits"/>, the admission request's), and every step of the merge is linear or
/// n·log²n in them (lists are matched through indexes by merge key, never pairwise), so depth is what is left to bound:
/// the merge recurses once per level.
/// </summary>
internal sealed record StrategicMergeLimits
{
    public static StrategicMergeLimits Default { get; } = new();

    /// <summary>Deepest nesting of objects and lists the merge descends into: 128, as for YAML (a pod nests about 15).</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>Longest value text an error message quotes before cutting it short.</summary>
    public int MaxMessageValueLength { get; init; } = 200;
}
