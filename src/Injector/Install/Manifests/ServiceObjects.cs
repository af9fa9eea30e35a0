using Injector.Install.Yaml;

namespace Injector.Install.Manifests;

/// <summary>The revision's ConfigMap, Service, PodDisruptionBudget and HorizontalPodAutoscaler.</summary>
internal static class ServiceObjects
{
    /// <summary>The revision's input files (<see cref="RevisionInputs"/>): the Deployment mounts them as a directory, which
    /// the loader reads and hot-reloads.</summary>
    public static YamlMap ConfigMap(ManifestOptions o, IReadOnlyList<KeyValuePair<string, string>> files)
    {
        var data = new YamlMap();
        foreach (var (key, text) in files) data.Add(key, YamlScalar.Block(text));
        return ObjectMeta.Object("v1", "ConfigMap", ObjectMeta.Namespaced(o, o.Name)).Add("data", data);
    }

    public static YamlMap Service(ManifestOptions o)
    {
        var ports = YamlSeq.Of(
            Port("https-webhook", 443, "https-webhook"),
            Port("http-monitoring", DeploymentObject.MonitoringPort, "http-monitoring"));
        var spec = new YamlMap()
            .Add("type", "ClusterIP")
            .Add("selector", ObjectMeta.SelectorLabels(o))
            .Add("ports", ports);
        return ObjectMeta.Object("v1", "Service", ObjectMeta.Namespaced(o, o.Name)).Add("spec", spec);
    }

    /// <summary>maxUnavailable 1: node drains proceed one injector at a time, and a single replica can still be drained.</summary>
    public static YamlMap PodDisruptionBudget(ManifestOptions o) =>
        ObjectMeta.Object("policy/v1", "PodDisruptionBudget", ObjectMeta.Namespaced(o, o.Name))
            .Add("spec", new YamlMap()
                .Add("maxUnavailable", 1)
                .Add("selector", new YamlMap().Add("matchLabels", ObjectMeta.SelectorLabels(o))));

    public static YamlMap HorizontalPodAutoscaler(ManifestOptions o)
    {
        var target = new YamlMap().Add("apiVersion", "apps/v1").Add("kind", "Deployment").Add("name", o.Name);
        var cpu = new YamlMap()
            .Add("type", "Resource")
            .Add("resource", new YamlMap()
                .Add("name", "cpu")
                .Add("target", new YamlMap().Add("type", "Utilization").Add("averageUtilization", 80)));
        var spec = new YamlMap()
            .Add("scaleTargetRef", target)
            .Add("minReplicas", o.Replicas)
            .Add("maxReplicas", Math.Max(5, o.Replicas))
            .Add("metrics", YamlSeq.Of(cpu));
        return ObjectMeta.Object("autoscaling/v2", "HorizontalPodAutoscaler", ObjectMeta.Namespaced(o, o.Name)).Add("spec", spec);
    }

    private static YamlMap Port(string name, int port, string targetPort) => new YamlMap()
        .Add("name", name)
        .Add("port", port)
        .Add("targetPort", targetPort)
        .Add("protocol", "TCP");
}
