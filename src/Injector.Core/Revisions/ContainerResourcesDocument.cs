using YamlDotNet.Serialization;

namespace Injector.Revisions;

/// <summary>A container's <c>resources</c> as the revision YAML reader binds them (see <see cref="ContainerResourcesConfig"/>).</summary>
[YamlSerializable]
public sealed class ContainerResourcesDocument
{
    [YamlMember(Alias = "requests")] public Dictionary<string, string>? Requests { get; set; }
    [YamlMember(Alias = "limits")] public Dictionary<string, string>? Limits { get; set; }
}
