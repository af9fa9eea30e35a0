using System.Globalization;
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
    public static readonly ProbeRewrites Empty = new();

    private static readonly (string Property, string Suffix)[] Probes =
        [("readinessProbe", "readyz"), ("livenessProbe", "livez"), ("startupProbe", "startupz")];
    private static readonly (string Property, string Suffix)[] Hooks = [("preStop", "prestopz"), ("postStart", "poststartz")];

    /// <summary>One probe to replace: container index, the JSON-Pointer suffix, the new path, the original.</summary>
    public readonly record struct Rewrite(int ContainerIndex, string PathSuffix, string Url, JsonElement Original);

    public List<Rewrite> Rewrites { get; } = [];

    /// <summary>Sorted by key: Go marshals maps with sorted keys, and the value is compared as a string.</summary>
    public SortedList<string, byte[]> Probers { get; } = new(StringComparer.Ordinal);

    public static ProbeRewrites Collect(InjectionPlan plan)
    {
        var containers = plan.Pod.Containers;
        if (!plan.RewriteProbes || plan.StatusPort == 0 || containers.ValueKind != JsonValueKind.Array) return Empty;
        ProbeRewrites? result = null;
        JsonDocument? previous = null;
        try
        {
            var index = -1;
            foreach (var c in containers.EnumerateArray())
            {
                index++;
                var name = PodView.StringOf(c, "name");
                if (name is null || name == ContainerNames.Proxy || PreviousInjection.Contains(plan.Previous.Containers, name)) continue;
                foreach (var (property, suffix) in Probes)
                {
                    if (c.TryGetProperty(property, out var probe) && probe.ValueKind == JsonValueKind.Object)
                    {
                        Consider(ref result, ref previous, plan, c, index, "/" + property, "/app-health/" + name + "/" + suffix, probe, withTimeout: true);
                    }
                }
                if (c.TryGetProperty("lifecycle", out var lifecycle) && lifecycle.ValueKind == JsonValueKind.Object)
                {
                    foreach (var (property, suffix) in Hooks)
                    {
                        if (lifecycle.TryGetProperty(property, out var hook) && hook.ValueKind == JsonValueKind.Object)
                        {
                            Consider(ref result, ref previous, plan, c, index, "/lifecycle/" + property, "/app-lifecycle/" + name + "/" + suffix, hook, withTimeout: false);
                        }
                    }
                }
            }
        }
        finally
        {
            previous?.Dispose();
        }
        return result ?? Empty;
    }

    private static void Consider(ref ProbeRewrites? result, ref JsonDocument? previous, InjectionPlan plan, JsonElement container,
        int index, string suffix, string url, JsonElement probe, bool withTimeout)
    {
        if (probe.TryGetProperty("httpGet", out var http) && http.ValueKind == JsonValueKind.Object)
        {
            if (IsRewritten(http, url, plan.StatusPort))
            {
                // Injected before: keep the probe, carry the original the agent already had.
                previous ??= PreviousProbers(plan);
                if (previous is not null && previous.RootElement.ValueKind == JsonValueKind.Object
                    && previous.RootElement.TryGetProperty(url, out var original))
                {
                    result ??= new ProbeRewrites();
                    result.Probers[url] = TemplateSegments.Render(w => original.WriteTo(w));
                }
                return;
            }
        }
        else if (!(probe.TryGetProperty("tcpSocket", out var tcp) && tcp.ValueKind == JsonValueKind.Object)
                 && !(probe.TryGetProperty("grpc", out var grpc) && grpc.ValueKind == JsonValueKind.Object))
        {
            return; // exec and unknown handlers stay as they are
        }
        result ??= new ProbeRewrites();
        result.Rewrites.Add(new Rewrite(index, suffix, url, probe));
        result.Probers[url] = TemplateSegments.Render(w => WriteProber(w, probe, container, withTimeout));
    }

    private static bool IsRewritten(JsonElement http, string url, int statusPort) =>
        PodView.StringOf(http, "path") == url
        && http.TryGetProperty("port", out var port) && port.ValueKind == JsonValueKind.Number
        && port.TryGetInt32(out var p) && p == statusPort;

    /// <summary>The original probe, as Istio's agent reads it: Go field order, named ports resolved.</summary>
    private static void WriteProber(Utf8JsonWriter w, JsonElement probe, JsonElement container, bool withTimeout)
    {
        w.WriteStartObject();
        if (probe.TryGetProperty("httpGet", out var http) && http.ValueKind == JsonValueKind.Object)
        {
            w.WriteStartObject("httpGet");
            CopyIfPresent(w, http, "path");
            WritePort(w, http, container);
            CopyIfPresent(w, http, "host");
            CopyIfPresent(w, http, "scheme");
            CopyIfPresent(w, http, "httpHeaders");
            w.WriteEndObject();
        }
        else if (probe.TryGetProperty("tcpSocket", out var tcp) && tcp.ValueKind == JsonValueKind.Object)
        {
            w.WriteStartObject("tcpSocket");
            WritePort(w, tcp, container);
            CopyIfPresent(w, tcp, "host");
            w.WriteEndObject();
        }
        else if (probe.TryGetProperty("grpc", out var grpc) && grpc.ValueKind == JsonValueKind.Object)
        {
            w.WriteStartObject("grpc");
            WritePort(w, grpc, container);
            if (grpc.TryGetProperty("service", out var service)) { w.WritePropertyName("service"); service.WriteTo(w); }
            else w.WriteNull("service");
            w.WriteEndObject();
        }
        if (withTimeout && probe.TryGetProperty("timeoutSeconds", out var timeout) && timeout.ValueKind == JsonValueKind.Number
            && timeout.TryGetInt32(out var seconds) && seconds != 0)
        {
            w.WriteNumber("timeoutSeconds", seconds);
        }
        w.WriteEndObject();
    }

    private static void WritePort(Utf8JsonWriter w, JsonElement action, JsonElement container)
    {
        if (!action.TryGetProperty("port", out var port)) return;
        if (port.ValueKind == JsonValueKind.String)
        {
            var text = port.GetString()!;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric)) { w.WriteNumber("port", numeric); return; }
            if (NamedPort(container, text) is int resolved) { w.WriteNumber("port", resolved); return; }
        }
        w.WritePropertyName("port");
        port.WriteTo(w);
    }

    private static int? NamedPort(JsonElement container, string name)
    {
        if (!container.TryGetProperty("ports", out var ports) || ports.ValueKind != JsonValueKind.Array) return null;
        foreach (var p in ports.EnumerateArray())
        {
            if (PodView.StringOf(p, "name") == name && p.TryGetProperty("containerPort", out var cp)
                && cp.ValueKind == JsonValueKind.Number && cp.TryGetInt32(out var n))
            {
                return n;
            }
        }
        return null;
    }

    private static void CopyIfPresent(Utf8JsonWriter w, JsonElement source, string name)
    {
        if (source.TryGetProperty(name, out var value))
        {
            w.WritePropertyName(name);
            value.WriteTo(w);
        }
    }

    /// <summary>Writes the rewritten probe: the original's other fields kept, the handler pointed at the status port.</summary>
    public static void WriteRewritten(Utf8JsonWriter w, in Rewrite rewrite, int statusPort)
    {
        w.WriteStartObject();
        JsonElement http = default;
        foreach (var p in rewrite.Original.EnumerateObject())
        {
            if (p.NameEquals("httpGet")) { http = p.Value; continue; }
            if (p.NameEquals("tcpSocket") || p.NameEquals("grpc")) continue;
            p.WriteTo(w);
        }
        w.WriteStartObject("httpGet");
        w.WriteString("path", rewrite.Url);
        w.WriteNumber("port", statusPort);
        if (http.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in http.EnumerateObject())
            {
                if (p.NameEquals("path") || p.NameEquals("port")) continue;
                // The agent speaks HTTPS to the app; the kubelet speaks plain HTTP to the agent.
                if (p.NameEquals("scheme")) { w.WriteString("scheme", "HTTP"); continue; }
                p.WriteTo(w);
            }
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static JsonDocument? PreviousProbers(InjectionPlan plan)
    {
        foreach (var list in new[] { plan.Pod.InitContainers, plan.Pod.Containers })
        {
            if (list.ValueKind != JsonValueKind.Array) continue;
            foreach (var c in list.EnumerateArray())
            {
                if (PodView.StringOf(c, "name") != ContainerNames.Proxy) continue;
                if (!c.TryGetProperty("env", out var env) || env.ValueKind != JsonValueKind.Array) continue;
                foreach (var e in env.EnumerateArray())
                {
                    if (PodView.StringOf(e, "name") == "ISTIO_KUBE_APP_PROBERS" && PodView.StringOf(e, "value") is { } json)
                    {
                        try { return JsonDocument.Parse(json); }
                        catch (JsonException) { return null; }
                    }
                }
            }
        }
        return null;
    }
}
