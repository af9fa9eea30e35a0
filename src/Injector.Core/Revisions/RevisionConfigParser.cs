using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Injector.Revisions;

/// <summary>Parses a revision YAML document into <see cref="RevisionConfig"/>. Unknown keys are errors.</summary>
public static class RevisionConfigParser
{
    /// <summary>Throws <see cref="InvalidDataException"/> (with line and column) for bad YAML or unknown keys.</summary>
    public static RevisionConfig Parse(string yaml)
    {
        var deserializer = new StaticDeserializerBuilder(new RevisionYamlContext())
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build();
        try
        {
            return RevisionConfig.From(deserializer.Deserialize<RevisionConfigDocument>(yaml) ?? new RevisionConfigDocument());
        }
        catch (YamlException e)
        {
            // YamlDotNet names the unknown property and the position; keep that, drop its type names.
            var detail = e.InnerException is { } inner ? inner.Message : e.Message;
            throw new InvalidDataException(
                $"revision config: {detail} (line {e.Start.Line}, column {e.Start.Column})", e);
        }
    }
}
