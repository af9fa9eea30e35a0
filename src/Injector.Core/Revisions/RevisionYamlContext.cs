using YamlDotNet.Serialization;

namespace Injector.Revisions;

/// <summary>Source-generated YamlDotNet context: the AOT-safe way to read revision files.</summary>
[YamlStaticContext]
[YamlSerializable(typeof(RevisionConfigDocument))]
[YamlSerializable(typeof(ContainerResourcesDocument))]
[YamlSerializable(typeof(Injector.Selectors.LabelSelector))]
[YamlSerializable(typeof(Injector.Selectors.LabelSelectorRequirement))]
public partial class RevisionYamlContext : StaticContext
{
}
