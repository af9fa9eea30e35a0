using YamlDotNet.Serialization;

namespace Injector.Revisions;

/// <summary>Source-generated YamlDotNet context: the AOT-safe way to read revision files.</summary>
[YamlStaticContext]
[YamlSerializable(typeof(RevisionConfig))]
public partial class RevisionYamlContext : StaticContext
{
}
