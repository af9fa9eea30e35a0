using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// Istio's app-probe rewrite: each httpGet/tcpSocket/gRPC probe (and httpGet/tcpSocket lifecycle hook) of an app
/// container is pointed at the agent's status port under <c>/app-health/&lt;container&gt;/{readyz,livez,startupz}</c>
/// (hooks: <c>/app-lifecycle/&lt;container&gt;/{prestopz,poststartz}</c>); the originals travel to the agent in
/// <c>ISTIO_KUBE_APP_PROBERS</c>, keyed by path, sorted, named ports resolved.
/// </summary>
internal sealed class ProbeRewrites
{
    /// <summary>No rewrites, shared by every request: sealed, so nothing can be added to it.</summary>
    public static readonly ProbeRewrites Empty = CreateEmpty();

    private readonly List<Rewrite> _rewrites;

    // Sized for the common case (readiness and liveness on every container), so the lists do not regrow per pod.
    private ProbeRewrites(int capacity)
    {
        _rewrites = new List<Rewrite>(capacity);
        Probers = new AppProbers(capacity);
    }

    private static ProbeRewrites CreateEmpty()
    {
        var empty = new ProbeRewrites(0);
        empty.Probers.Seal();
        return empty;
    }

    // The JSON-Pointer suffix of each handler, and the agent's path word for it: static, so nothing is built per probe.
    // UTF-8 names and suffixes: looked up and written without transcoding.
    private static readonly (byte[] Property, byte[] PathSuffix, string Word)[] Probes =
    [
        ("readinessProbe"u8.ToArray(), "/readinessProbe"u8.ToArray(), "readyz"),
        ("livenessProbe"u8.ToArray(), "/livenessProbe"u8.ToArray(), "livez"),
        ("startupProbe"u8.ToArray(), "/startupProbe"u8.ToArray(), "startupz"),
    ];
    private static readonly (byte[] Property, byte[] PathSuffix, string Word)[] Hooks =
    [
        ("preStop"u8.ToArray(), "/lifecycle/preStop"u8.ToArray(), "prestopz"),
        ("postStart"u8.ToArray(), "/lifecycle/postStart"u8.ToArray(), "poststartz"),
    ];

    /// <summary>One probe to replace: container index, the JSON-Pointer suffix, the new path, the original.</summary>
    public readonly record struct Rewrite(int ContainerIndex, byte[] PathSuffix, string Url, JsonElement Original);

    /// <summary>The probes to replace, read-only (added to only while <see cref="Collect"/> builds them).</summary>
    public ReadOnlySpan<Rewrite> Rewrites => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rewrites);

    /// <summary>The originals, for <c>ISTIO_KUBE_APP_PROBERS</c>.</summary>
    public AppProbers Probers { get; }

    public static ProbeRewrites Collect(InjectionPlan plan)
    {
        var containers = plan.Pod.Containers;
        if (!plan.RewriteProbes || plan.StatusPort == 0 || containers.ValueKind != JsonValueKind.Array) return Empty;
        ProbeRewrites? result = null;
        PreviousProbers? previous = null; // made on the first probe an earlier injection rewrote
        try
        {
            var index = -1;
            foreach (var c in containers.EnumerateArray())
            {
                plan.Budget.Spend();
                index++;
                var nameElement = PodView.NameOf(c);
                if (nameElement.ValueKind != JsonValueKind.String || nameElement.ValueEquals(ContainerNames.ProxyUtf8)
                    || plan.Previous.Containers.Contains(nameElement)) continue;
                string? name = null; // made only for a container with a probe to rewrite
                foreach (var (property, pathSuffix, word) in Probes)
                {
                    if (c.TryGetProperty(property, out var probe) && probe.ValueKind == JsonValueKind.Object)
                    {
                        Consider(ref result, ref previous, plan, c, index, pathSuffix, string.Concat("/app-health/", name ??= nameElement.GetString(), "/", word), probe, withTimeout: true);
                    }
                }
                if (c.TryGetProperty("lifecycle"u8, out var lifecycle) && lifecycle.ValueKind == JsonValueKind.Object)
                {
                    foreach (var (property, pathSuffix, word) in Hooks)
                    {
                        if (lifecycle.TryGetProperty(property, out var hook) && hook.ValueKind == JsonValueKind.Object)
                        {
                            Consider(ref result, ref previous, plan, c, index, pathSuffix, string.Concat("/app-lifecycle/", name ??= nameElement.GetString(), "/", word), hook, withTimeout: false);
                        }
                    }
                }
            }
        }
        finally
        {
            previous?.Dispose();
        }
        result?.Probers.Seal();
        return result ?? Empty;
    }

    private static void Consider(ref ProbeRewrites? result, ref PreviousProbers? previous, InjectionPlan plan, JsonElement container,
        int index, byte[] suffix, string url, JsonElement probe, bool withTimeout)
    {
        if (probe.TryGetProperty("httpGet"u8, out var http) && http.ValueKind == JsonValueKind.Object)
        {
            if (IsRewritten(http, url, plan.StatusPort))
            {
                // Injected before: keep the probe, carry the original the agent already had.
                previous ??= new PreviousProbers(plan);
                if (previous.TryFind(url, out var original))
                {
                    result ??= new ProbeRewrites(Capacity(plan));
                    result.Probers.AddCarried(url, TemplateSegments.Render(w => original.WriteTo(w)));
                }
                return;
            }
        }
        else if (!(probe.TryGetProperty("tcpSocket"u8, out var tcp) && tcp.ValueKind == JsonValueKind.Object)
                 && !(probe.TryGetProperty("grpc"u8, out var grpc) && grpc.ValueKind == JsonValueKind.Object))
        {
            return; // exec and unknown handlers stay as they are
        }
        result ??= new ProbeRewrites(Capacity(plan));
        result._rewrites.Add(new Rewrite(index, suffix, url, probe));
        result.Probers.Add(url, probe, container, withTimeout);
    }

    private static int Capacity(InjectionPlan plan) => 2 * plan.Pod.Containers.GetArrayLength();

    private static bool IsRewritten(JsonElement http, string url, int statusPort) =>
        http.TryGetProperty("path"u8, out var path) && path.ValueKind == JsonValueKind.String && path.ValueEquals(url)
        && http.TryGetProperty("port"u8, out var port) && port.ValueKind == JsonValueKind.Number
        && port.TryGetInt32(out var p) && p == statusPort;

    /// <summary>Writes the rewritten probe: the original's other fields kept, the handler pointed at the status port.</summary>
    public static void WriteRewritten(Utf8JsonWriter w, in Rewrite rewrite, int statusPort)
    {
        w.WriteStartObject();
        JsonElement http = default;
        foreach (var p in rewrite.Original.EnumerateObject())
        {
            if (p.NameEquals("httpGet"u8)) { http = p.Value; continue; }
            if (p.NameEquals("tcpSocket"u8) || p.NameEquals("grpc"u8)) continue;
            p.WriteTo(w);
        }
        w.WriteStartObject("httpGet");
        w.WriteString("path", rewrite.Url);
        w.WriteNumber("port", statusPort);
        if (http.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in http.EnumerateObject())
            {
                if (p.NameEquals("path"u8) || p.NameEquals("port"u8)) continue;
                // The agent speaks HTTPS to the app; the kubelet speaks plain HTTP to the agent.
                if (p.NameEquals("scheme"u8)) { w.WriteString("scheme", "HTTP"); continue; }
                p.WriteTo(w);
            }
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// The originals an earlier injection gave the agent (the previous proxy's <c>ISTIO_KUBE_APP_PROBERS</c>), read
    /// once per pod on first use, and indexed when large: looking each probe up in the object scanned all of it.
    /// </summary>
    private sealed class PreviousProbers(InjectionPlan plan) : IDisposable
    {
        private const int SearchedInPlace = 16;
        private bool _loaded;
        private JsonDocument? _document;
        private Dictionary<string, JsonElement>? _index;

        public bool TryFind(string url, out JsonElement original)
        {
            original = default;
            if (!_loaded)
            {
                _loaded = true;
                _document = Load(plan);
                var root = _document?.RootElement ?? default;
                if (root.ValueKind == JsonValueKind.Object && Count(root) > SearchedInPlace)
                {
                    _index = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (var p in root.EnumerateObject()) _index[p.Name] = p.Value; // a repeated key: the last wins, as in TryGetProperty
                }
            }
            if (_index is not null) return _index.TryGetValue(url, out original);
            return _document is { RootElement: { ValueKind: JsonValueKind.Object } r } && r.TryGetProperty(url, out original);
        }

        private static int Count(JsonElement obj)
        {
            var n = 0;
            foreach (var _ in obj.EnumerateObject())
            {
                if (++n > SearchedInPlace) break;
            }
            return n;
        }

        private static JsonDocument? Load(InjectionPlan plan)
        {
            foreach (var list in new[] { plan.Pod.InitContainers, plan.Pod.Containers })
            {
                if (list.ValueKind != JsonValueKind.Array) continue;
                foreach (var c in list.EnumerateArray())
                {
                    if (PodView.StringOf(c, "name"u8) != ContainerNames.Proxy) continue;
                    if (!c.TryGetProperty("env"u8, out var env) || env.ValueKind != JsonValueKind.Array) continue;
                    foreach (var e in env.EnumerateArray())
                    {
                        if (PodView.StringOf(e, "name"u8) == "ISTIO_KUBE_APP_PROBERS" && PodView.StringOf(e, "value"u8) is { } json)
                        {
                            try { return AnnotationJson.Parse(json); }
                            catch (JsonException) { return null; }
                        }
                    }
                }
            }
            return null;
        }

        public void Dispose() => _document?.Dispose();
    }
}
