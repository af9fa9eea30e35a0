namespace Injector.Istio.Install;

/// <summary>
/// The three texts istiod's injector reads: <paramref name="ValuesJson"/> and <paramref name="ConfigYaml"/> (keys
/// <c>values</c> and <c>config</c> of ConfigMap <c>istio-sidecar-injector[-rev]</c>) and <paramref name="MeshYaml"/>
/// (key <c>mesh</c> of ConfigMap <c>istio[-rev]</c>; empty when the install renders no such ConfigMap, so istiod
/// runs on the mesh defaults). <paramref name="Revision"/> is <c>""</c> for the default revision;
/// <paramref name="Source"/> says where the texts came from, for messages and logs.
/// </summary>
public sealed record InstallTexts(string Revision, string ValuesJson, string ConfigYaml, string MeshYaml, string Source);
