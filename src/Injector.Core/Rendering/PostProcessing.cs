using System.Text.Json.Nodes;
using Injector.Istio.Mesh;
using Injector.Kube.Json;

namespace Injector.Rendering;

/// <summary>
/// Istio's <c>postProcessPod</c>, in its order: cluster envs from the webhook URL, Prometheus merge, the secure
/// metrics port annotation, probe rewriting, metadata (network label, <c>sidecar.istio.io/status</c>, injected
/// annotations) and container order.
/// </summary>
internal static class PostProcessing
{
    public static void Apply(JsonObject pod, JsonObject templatePod, InjectorInputs inputs, InjectionRequest request)
    {
        OverwriteClusterInfo(pod, request.ProxyEnvs);
        PrometheusMerge.Apply(pod, request.Mesh.DefaultConfig.StatusPort, request.Mesh.EnablePrometheusMerge);
        PrometheusMerge.ApplySecurePort(pod);
        AppProbes.Apply(pod, inputs.Typed.RewriteAppHttpProbe, request.Mesh.DefaultConfig.StatusPort);
        ApplyMetadata(pod, templatePod, request);
        Reorder(pod, inputs, request);
    }

    // updateClusterEnvs: the URL's envs replace same-named ones and go last, sorted by name.
    private static void OverwriteClusterInfo(JsonObject pod, Dictionary<string, string> proxyEnvs)
    {
        if (proxyEnvs.Count == 0 || PodJson.FindInPod(pod, PodJson.ProxyContainer) is not { } sidecar) return;
        var env = PodJson.EnsureArray(sidecar, "env");
        var kept = env.Where(e => !proxyEnvs.ContainsKey(PodJson.String(e, "name"))).Select(e => e?.DeepClone()).ToList();
        env.Clear();
        foreach (var e in kept) env.Add(e);
        foreach (var key in proxyEnvs.Keys.Order(StringComparer.Ordinal)) env.Add((JsonNode)new JsonObject { ["name"] = key, ["value"] = proxyEnvs[key] });
    }

    private static void ApplyMetadata(JsonObject pod, JsonObject templatePod, InjectionRequest request)
    {
        if (request.ProxyEnvs.TryGetValue("ISTIO_META_NETWORK", out var network)) PodJson.SetLabel(pod, "topology.istio.io/network", network);
        PodJson.SetAnnotation(pod, PodJson.StatusAnnotation, Status(templatePod, request.Revision));
        foreach (var (key, value) in request.InjectedAnnotations) PodJson.SetAnnotation(pod, key, value);
    }

    /// <summary><c>getInjectionStatus</c>: the template's init containers, containers, volumes and pull secrets by name
    /// (null when none, as Go marshals a nil slice), and the revision.</summary>
    internal static string Status(JsonObject templatePod, string revision)
    {
        var status = new JsonObject
        {
            ["initContainers"] = Names(templatePod, "initContainers"),
            ["containers"] = Names(templatePod, "containers"),
            ["volumes"] = Names(templatePod, "volumes"),
            ["imagePullSecrets"] = Names(templatePod, "imagePullSecrets"),
            ["revision"] = revision.Length == 0 ? "default" : revision,
        };
        return System.Text.Encoding.UTF8.GetString(GoJson.Serialize(status));
    }

    private static JsonArray? Names(JsonObject pod, string key) =>
        PodJson.List(pod, key) is { Count: > 0 } list ? new JsonArray([.. list.Select(i => (JsonNode)JsonValue.Create(PodJson.String(i, "name"))!)]) : null;

    // reorderPod: the proxy goes last among containers, first with hold-application; with a native sidecar the init
    // containers run istio-init/istio-validation, the proxy, enable-core-dump, then the rest; otherwise istio-validation
    // first and istio-init, enable-core-dump last.
    private static void Reorder(JsonObject pod, InjectorInputs inputs, InjectionRequest request)
    {
        var mesh = request.Mesh;
        if (PodJson.TryGetAnnotation(request.Pod, PodJson.ProxyConfigAnnotation, out var annotation))
        {
            try
            {
                mesh = mesh.WithProxyConfigAnnotation(annotation);
            }
            catch (MeshConfigException ex)
            {
                throw new RenderException(AnnotationValidation.OneLine(ex.Message, 500));
            }
        }
        var hold = mesh.DefaultConfig.HoldApplicationUntilProxyStarts == true || inputs.Typed.HoldApplicationUntilProxyStarts;
        PodJson.Modify(pod, "containers", PodJson.ProxyContainer, hold ? Placement.First : Placement.Last);
        if (PodJson.Find(PodJson.List(pod, "initContainers"), PodJson.ProxyContainer) is not null)
        {
            PodJson.Modify(pod, "initContainers", PodJson.EnableCoreDump, Placement.First);
            PodJson.Modify(pod, "initContainers", PodJson.ProxyContainer, Placement.First);
            PodJson.Modify(pod, "initContainers", PodJson.ValidationContainer, Placement.First);
            PodJson.Modify(pod, "initContainers", PodJson.InitContainer, Placement.First);
        }
        else
        {
            PodJson.Modify(pod, "initContainers", PodJson.ValidationContainer, Placement.First);
            PodJson.Modify(pod, "initContainers", PodJson.InitContainer, Placement.Last);
            PodJson.Modify(pod, "initContainers", PodJson.EnableCoreDump, Placement.Last);
        }
    }
}
