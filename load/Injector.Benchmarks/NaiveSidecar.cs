using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Benchmarks;

/// <summary>
/// Adds an Istio-shaped sidecar to a pod held as a DOM: the containers, volumes, labels and annotations of Istio's
/// own output for its <c>hello</c> workload (IstioSidecar.json), plus the per-pod values Istio renders (app container
/// names, pod ports, probe rewrites to the agent's status port). Part of the naive baseline only.
/// </summary>
internal sealed class NaiveSidecar
{
    private const int StatusPort = 15020;
    private static readonly string[] ProbeKinds = ["livenessProbe", "readinessProbe", "startupProbe"];
    private readonly JsonObject _template;

    public NaiveSidecar()
    {
        using var stream = typeof(NaiveSidecar).Assembly.GetManifestResourceStream("IstioSidecar.json")
            ?? throw new InvalidOperationException("IstioSidecar.json resource is missing");
        _template = JsonNode.Parse(stream)!.AsObject();
    }

    public void Apply(JsonObject pod)
    {
        var metadata = Child(pod, "metadata");
        var spec = Child(pod, "spec");
        var containers = spec["containers"]?.AsArray() ?? [];
        var firstName = containers.Count > 0 ? containers[0]!["name"]!.GetValue<string>() : "";

        var annotations = Child(metadata, "annotations");
        foreach (var (key, value) in _template["annotations"]!.AsObject()) annotations[key] = value!.DeepClone();
        annotations["kubectl.kubernetes.io/default-container"] = firstName;
        annotations["kubectl.kubernetes.io/default-logs-container"] = firstName;

        var labels = Child(metadata, "labels");
        foreach (var (key, value) in _template["labels"]!.AsObject()) labels[key] = value!.DeepClone();
        labels["service.istio.io/canonical-name"] = labels["app"]?.DeepClone() ?? metadata["name"]?.DeepClone() ?? firstName;

        var probers = RewriteProbes(containers);
        var initContainers = spec["initContainers"] as JsonArray ?? (JsonArray)(spec["initContainers"] = new JsonArray());
        foreach (var container in _template["initContainers"]!.AsArray())
        {
            var copy = container!.DeepClone().AsObject();
            if (copy["name"]!.GetValue<string>() == "istio-proxy") Render(copy, containers, probers);
            initContainers.Add(copy);
        }

        var volumes = spec["volumes"] as JsonArray ?? (JsonArray)(spec["volumes"] = new JsonArray());
        foreach (var volume in _template["volumes"]!.AsArray()) volumes.Add(volume!.DeepClone());
    }

    // Istio points app httpGet probes at the agent, which forwards them; the originals travel in an env var.
    private static JsonObject RewriteProbes(JsonArray containers)
    {
        var probers = new JsonObject();
        foreach (var node in containers)
        {
            var container = node!.AsObject();
            var name = container["name"]!.GetValue<string>();
            foreach (var kind in ProbeKinds)
            {
                if (container[kind]?["httpGet"] is not JsonObject httpGet) continue;
                var path = $"/app-health/{name}/{kind[..^5]}z";
                probers[path] = new JsonObject { ["httpGet"] = httpGet.DeepClone() };
                container[kind]!["httpGet"] = new JsonObject { ["path"] = path, ["port"] = StatusPort, ["scheme"] = "HTTP" };
            }
        }
        return probers;
    }

    private static void Render(JsonObject proxy, JsonArray containers, JsonObject probers)
    {
        var names = new List<string>();
        var ports = new JsonArray();
        foreach (var container in containers)
        {
            names.Add(container!["name"]!.GetValue<string>());
            foreach (var port in container["ports"]?.AsArray() ?? []) ports.Add(port!.DeepClone());
        }
        var env = proxy["env"]!.AsArray();
        foreach (var variable in env)
        {
            switch (variable!["name"]!.GetValue<string>())
            {
                case "ISTIO_META_APP_CONTAINERS": variable["value"] = string.Join(",", names); break;
                case "ISTIO_META_POD_PORTS": variable["value"] = ports.ToJsonString(); break;
            }
        }
        if (probers.Count > 0)
        {
            env.Add(new JsonObject { ["name"] = "ISTIO_KUBE_APP_PROBERS", ["value"] = probers.ToJsonString() });
        }
    }

    private static JsonObject Child(JsonObject parent, string name) =>
        parent[name] as JsonObject ?? (JsonObject)(parent[name] = new JsonObject());
}
