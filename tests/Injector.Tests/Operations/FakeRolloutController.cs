using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Operations.Census;
using Injector.Tests.Fakes;
using Injector.Webhooks;

namespace Injector.Tests.Operations;

/// <summary>
/// Plays the Deployment controller and the webhook for the fake API server: when a Deployment's template changes, its
/// old pods start terminating and a new pod appears, injected by the revision the namespace selects at that moment
/// (or by <see cref="InjectedRevision"/>); with <see cref="Completes"/> the status then reports the rollout done.
/// </summary>
internal sealed class FakeRolloutController
{
    private readonly FakeKubeApiServer _server;
    private int _pods;

    public FakeRolloutController(FakeKubeApiServer server)
    {
        _server = server;
        server.AfterPatch = OnPatch;
    }

    public bool Completes { get; set; } = true;

    /// <summary>Overrides the revision new pods get (null: no sidecar); unset: the namespace's revision.</summary>
    public Func<string, string?>? InjectedRevision { get; set; }

    public List<string> Rollouts { get; } = [];

    public static void AddDeployment(FakeKubeApiServer server, string ns, string name, string? podRevision)
    {
        server.Add(new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["generation"] = 1 },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = name, ["image"] = name + ":1" }) },
                },
            },
            ["status"] = new JsonObject { ["observedGeneration"] = 1, ["replicas"] = 1, ["updatedReplicas"] = 1, ["availableReplicas"] = 1 },
        });
        AddPod(server, ns, name + "-old", name, podRevision);
    }

    public static void AddPod(FakeKubeApiServer server, string ns, string name, string app, string? revision)
    {
        var annotations = new JsonObject();
        if (revision is not null) annotations["sidecar.istio.io/status"] = "{\"containers\":[\"istio-proxy\"],\"revision\":\"" + revision + "\"}";
        server.Add(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = app }, ["annotations"] = annotations },
        });
    }

    private void OnPatch(string path, JsonObject stored)
    {
        var parts = path.Split('/'); // /apis/apps/v1/namespaces/NS/deployments/NAME
        if (parts.Length != 8 || parts[6] != "deployments") return;
        var (ns, name) = (parts[5], parts[7]);
        Rollouts.Add(ns + "/" + name);
        foreach (var podPath in PodPaths(ns, name).ToList())
        {
            var pod = _server.Get(podPath)!;
            pod["metadata"]!["deletionTimestamp"] = "2026-11-27T12:00:00Z";
            _server.Add(pod);
        }
        var revision = InjectedRevision is { } choose ? choose(ns) : NamespaceRevision(ns);
        AddPod(_server, ns, name + "-new-" + Interlocked.Increment(ref _pods), name, revision);
        if (!Completes) return;
        var generation = JsonFields.Integer(stored["metadata"]!["generation"]) ?? 1;
        stored["status"] = new JsonObject { ["observedGeneration"] = generation, ["replicas"] = 1, ["updatedReplicas"] = 1, ["availableReplicas"] = 1 };
        _server.Add(stored);
    }

    private IEnumerable<string> PodPaths(string ns, string app)
    {
        foreach (var path in _server.ObjectPaths("/api/v1/namespaces/" + ns + "/pods/"))
        {
            var pod = _server.Get(path)!;
            if ((string?)pod["metadata"]!["labels"]?["app"] == app && pod["metadata"]!["deletionTimestamp"] is null) yield return path;
        }
    }

    private string? NamespaceRevision(string ns)
    {
        var namespaceObject = _server.Get("/api/v1/namespaces/" + ns)!;
        var configurations = Injector.Workloads.ManifestYamlReader.ReadDocuments(
            File.ReadAllText(OperationsTestData.PathOf("webhooks-canary.yaml"))).Select(d => WebhookJsonReader.Read((JsonObject)d)).ToList();
        return RevisionCensus.NamespaceRevision(new RevisionCatalog(configurations), JsonFields.Labels(namespaceObject));
    }
}
