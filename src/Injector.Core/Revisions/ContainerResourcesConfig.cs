using YamlDotNet.Serialization;

namespace Injector.Revisions;

/// <summary>A container's <c>resources</c> (requests and limits), as quantities such as <c>100m</c> or <c>1Gi</c>.</summary>
[YamlSerializable]
public sealed class ContainerResourcesConfig
{
    [YamlMember(Alias = "requests")] public Dictionary<string, string>? Requests { get; set; }
    [YamlMember(Alias = "limits")] public Dictionary<string, string>? Limits { get; set; }
}
