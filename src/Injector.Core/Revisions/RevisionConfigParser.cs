using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Injector.Revisions;

/// <summary>Parses a revision YAML document into <see cref="RevisionConfig"/>.</summary>
public static class RevisionConfigParser
{
    public static RevisionConfig Parse(string yaml)
    {
        var deserializer = new StaticDeserializerBuilder(new RevisionYamlContext())
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build();
        return deserializer.Deserialize<RevisionConfig>(yaml) ?? new RevisionConfig();
    }
}
