using YamlDotNet.Serialization;

namespace Injector.Revisions;

/// <summary>
/// One revision's settings, as written in its YAML file. Keys follow Istio's chart values where one exists.
/// Owned by the injection engine: each setting here is consumed when the revision is compiled.
/// </summary>
[YamlSerializable]
public sealed class RevisionConfig
{
    [YamlMember(Alias = "revision")] public string Revision { get; set; } = "default";
    [YamlMember(Alias = "hub")] public string Hub { get; set; } = "docker.io/istio";
    [YamlMember(Alias = "tag")] public string Tag { get; set; } = "1.28.0";
    [YamlMember(Alias = "image")] public string Image { get; set; } = "proxyv2";
    [YamlMember(Alias = "policy")] public string Policy { get; set; } = "enabled";
}
