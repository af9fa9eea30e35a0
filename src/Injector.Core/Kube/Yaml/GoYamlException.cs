namespace Injector.Kube.Yaml;

/// <summary>
/// YAML that go-yaml would reject, a value JSON cannot hold, or a limit of <see cref="GoYamlLimits"/>: a one-line
/// message that starts with <c>yaml: </c> (<c>json: </c> for values JSON cannot hold, as Go reports them) and names
/// the line and column where known.
/// </summary>
internal sealed class GoYamlException : FormatException
{
    public GoYamlException(string message) : base(message)
    {
    }

    public GoYamlException(in YamlPosition at, string problem) : base(Format(at, problem))
    {
        Position = at;
    }

    /// <summary>Where the problem is, when known.</summary>
    public YamlPosition Position { get; }

    private static string Format(in YamlPosition at, string problem) =>
        at.Line > 0 ? $"yaml: {at}: {problem}" : "yaml: " + problem;
}
