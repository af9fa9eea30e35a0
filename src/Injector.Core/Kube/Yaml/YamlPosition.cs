namespace Injector.Kube.Yaml;

/// <summary>A 1-based line and column in the YAML text (0 when unknown).</summary>
internal readonly record struct YamlPosition(int Line, int Column)
{
    public override string ToString() => Line > 0 ? $"line {Line}, column {Column}" : "";
}
