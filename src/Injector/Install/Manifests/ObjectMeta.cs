using Injector.Install.Yaml;

namespace Injector.Install.Manifests;

/// <summary>Shared metadata: every object of a revision carries the same labels, so it can be found and pruned together.</summary>
internal static class ObjectMeta
{
    public static YamlMap Labels(ManifestOptions o) => new YamlMap()
        .Add("app", "injector")
        .Add("app.kubernetes.io/name", "injector")
        .Add("app.kubernetes.io/instance", o.Name)
        .Add(Istio.IstioNames.RevisionLabel, o.Revision);

    /// <summary>The pod selector: stable across upgrades of the same revision (Deployment selectors are immutable).</summary>
    public static YamlMap SelectorLabels(ManifestOptions o) => new YamlMap()
        .Add("app.kubernetes.io/name", "injector")
        .Add("app.kubernetes.io/instance", o.Name);

    public static YamlMap Namespaced(ManifestOptions o, string name) => new YamlMap()
        .Add("name", name)
        .Add("namespace", o.Namespace)
        .Add("labels", Labels(o));

    public static YamlMap ClusterScoped(ManifestOptions o, string name) => new YamlMap()
        .Add("name", name)
        .Add("labels", Labels(o));

    public static YamlMap Object(string apiVersion, string kind, YamlMap metadata) => new YamlMap()
        .Add("apiVersion", apiVersion)
        .Add("kind", kind)
        .Add("metadata", metadata);
}
