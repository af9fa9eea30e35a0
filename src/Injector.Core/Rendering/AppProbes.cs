using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;

namespace Injector.Rendering;

/// <summary>
/// Istio's probe rewriting (app_probe.go, <c>applyRewrite</c>): the app's HTTP, TCP and gRPC probes and HTTP/TCP
/// lifecycle hooks are recorded in the proxy's <c>ISTIO_KUBE_APP_PROBERS</c> (named ports resolved, probes already
/// aimed at the status port left out) and rewritten to <c>/app-health/&lt;container&gt;/&lt;kind&gt;</c> on the status port.
/// </summary>
internal static class AppProbes
{
    private const string EnvName = "ISTIO_KUBE_APP_PROBERS";

    public static void Apply(JsonObject pod, bool valuesSetting, int meshStatusPort)
    {
        if (PodJson.FindInPod(pod, PodJson.ProxyContainer) is not { } sidecar) return;
        var annotations = PodJson.Map(pod, "annotations");
        var rewrite = annotations.TryGetValue("sidecar.istio.io/rewriteAppHTTPProbers", out var setting) && GoParse.TryParseBool(setting, out var annotated)
            ? annotated
            : valuesSetting;
        if (!rewrite) return;
        if (Dump(pod, meshStatusPort) is { } probers)
        {
            var previouslyInjected = annotations.ContainsKey(PodJson.StatusAnnotation);
            MergeOrAppend(sidecar, previouslyInjected, probers);
        }
        var statusPort = meshStatusPort;
        if (annotations.TryGetValue("status.sidecar.istio.io/port", out var annotatedPort))
        {
            // strconv.Atoi; on error Istio logs and uses 0.
            statusPort = GoParse.TryAtoi(annotatedPort, out var p) && p is >= int.MinValue and <= int.MaxValue ? (int)p : 0;
        }
        foreach (var key in new[] { "containers", "initContainers" })
        {
            foreach (var c in PodJson.List(pod, key) ?? [])
            {
                if (c is JsonObject container && PodJson.String(container, "name") != PodJson.ProxyContainer) Convert(container, statusPort);
            }
        }
    }

    private static (string Ready, string Live, string Startup, string PreStop, string PostStart) Urls(string name) =>
        ("/app-health/" + name + "/readyz", "/app-health/" + name + "/livez", "/app-health/" + name + "/startupz",
         "/app-lifecycle/" + name + "/prestopz", "/app-lifecycle/" + name + "/poststartz");

    /// <summary><c>DumpAppProbers</c>: the probers as JSON (keys sorted, as Go marshals a map), or null when none.</summary>
    private static string? Dump(JsonObject pod, int targetPort)
    {
        var result = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var key in new[] { "initContainers", "containers" })
        {
            foreach (var node in PodJson.List(pod, key) ?? [])
            {
                if (node is not JsonObject c) continue;
                var name = PodJson.String(c, "name");
                if (name == PodJson.ProxyContainer) continue;
                var (ready, live, startup, preStop, postStart) = Urls(name);
                var ports = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var p in c["ports"] as JsonArray ?? [])
                {
                    if (PodJson.String(p, "name") is { Length: > 0 } portName && p is JsonObject po) ports[portName] = ContainerOverrides.Int(po, "containerPort") ?? 0;
                }
                Add(result, ready, Resolve(FromProbe(c["readinessProbe"] as JsonObject, withTimeout: true), ports, targetPort));
                Add(result, live, Resolve(FromProbe(c["livenessProbe"] as JsonObject, withTimeout: true), ports, targetPort));
                Add(result, startup, Resolve(FromProbe(c["startupProbe"] as JsonObject, withTimeout: true), ports, targetPort));
                if (c["lifecycle"] is JsonObject lifecycle)
                {
                    Add(result, preStop, Resolve(FromProbe(lifecycle["preStop"] as JsonObject, withTimeout: false), ports, targetPort));
                    Add(result, postStart, Resolve(FromProbe(lifecycle["postStart"] as JsonObject, withTimeout: false), ports, targetPort));
                }
            }
        }
        if (result.Count == 0) return null;
        var json = new JsonObject();
        foreach (var (key, value) in result) json[key] = value;
        return System.Text.Encoding.UTF8.GetString(GoJson.Serialize(json));
    }

    private static void Add(SortedDictionary<string, JsonObject> result, string key, JsonObject? prober)
    {
        if (prober is not null) result[key] = prober;
    }

    // kubeProbeToInternalProber / kubeLifecycleHandlerToInternalProber: the first of httpGet, tcpSocket, grpc.
    private static JsonObject? FromProbe(JsonObject? probe, bool withTimeout)
    {
        if (probe is null) return null;
        var prober = new JsonObject();
        if (probe["httpGet"] is JsonObject http) prober["httpGet"] = http.DeepClone();
        else if (probe["tcpSocket"] is JsonObject tcp) prober["tcpSocket"] = tcp.DeepClone();
        else if (withTimeout && probe["grpc"] is JsonObject grpc) prober["grpc"] = grpc.DeepClone();
        else return null;
        if (withTimeout && ContainerOverrides.Int(probe, "timeoutSeconds") is { } timeout && timeout != 0) prober["timeoutSeconds"] = timeout;
        return prober;
    }

    // updateNamedPort: a named port becomes its number (unknown name: dropped); a probe already on the status port is dropped.
    private static JsonObject? Resolve(JsonObject? prober, Dictionary<string, long> ports, int targetPort)
    {
        if (prober is null) return null;
        if (prober["grpc"] is not null) return prober;
        var action = (prober["httpGet"] ?? prober["tcpSocket"]) as JsonObject;
        if (action is null) return null;
        var port = action["port"];
        if (port is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            if (!ports.TryGetValue(v.GetValue<string>(), out var number)) return null;
            action["port"] = (int)number;
        }
        else if ((port is JsonValue n && n.GetValueKind() == JsonValueKind.Number && n.TryGetValue<long>(out var value) ? value : 0) == targetPort)
        {
            return null;
        }
        return prober;
    }

    private static void MergeOrAppend(JsonObject sidecar, bool previouslyInjected, string probers)
    {
        var env = PodJson.EnsureArray(sidecar, "env");
        if (previouslyInjected)
        {
            for (var i = 0; i < env.Count; i++)
            {
                if (PodJson.String(env[i], "name") != EnvName) continue;
                JsonObject? existing, fresh;
                try
                {
                    existing = PodJson.ParseAnnotationJson(PodJson.String(env[i], "value")) as JsonObject;
                    fresh = JsonNode.Parse(probers) as JsonObject;
                }
                catch (JsonException)
                {
                    return; // Istio logs and leaves the env as it is
                }
                if (existing is null || fresh is null) return;
                var mergedProbers = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
                foreach (var (k, v) in fresh) mergedProbers[k] = v?.DeepClone();
                foreach (var (k, v) in existing) mergedProbers[k] = v?.DeepClone();
                var json = new JsonObject();
                foreach (var (k, v) in mergedProbers) json[k] = v;
                env[i] = new JsonObject { ["name"] = EnvName, ["value"] = System.Text.Encoding.UTF8.GetString(GoJson.Serialize(json)) };
                return;
            }
        }
        env.Add((JsonNode)new JsonObject { ["name"] = EnvName, ["value"] = probers });
    }

    // convertProbe: HTTP keeps its headers and host, takes the new path and port (HTTPS → HTTP); TCP and gRPC become HTTP.
    private static void Convert(JsonObject container, int statusPort)
    {
        var (ready, live, startup, preStop, postStart) = Urls(PodJson.String(container, "name"));
        ConvertHandler(container["readinessProbe"] as JsonObject, ready, statusPort, grpc: true);
        ConvertHandler(container["livenessProbe"] as JsonObject, live, statusPort, grpc: true);
        ConvertHandler(container["startupProbe"] as JsonObject, startup, statusPort, grpc: true);
        if (container["lifecycle"] is JsonObject lifecycle)
        {
            ConvertHandler(lifecycle["preStop"] as JsonObject, preStop, statusPort, grpc: false);
            ConvertHandler(lifecycle["postStart"] as JsonObject, postStart, statusPort, grpc: false);
        }
    }

    private static void ConvertHandler(JsonObject? handler, string url, int port, bool grpc)
    {
        if (handler is null) return;
        if (handler["httpGet"] is JsonObject http)
        {
            Rewrite(http, url, port);
        }
        else if (handler["tcpSocket"] is not null)
        {
            handler.Remove("tcpSocket");
            handler["httpGet"] = Rewrite(new JsonObject(), url, port);
        }
        else if (grpc && handler["grpc"] is not null)
        {
            handler.Remove("grpc");
            handler["httpGet"] = Rewrite(new JsonObject(), url, port);
        }
    }

    private static JsonObject Rewrite(JsonObject action, string url, int port)
    {
        action["path"] = url;
        action["port"] = port;
        if (PodJson.String(action, "scheme") == "HTTPS") action["scheme"] = "HTTP";
        return action;
    }

    internal static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
