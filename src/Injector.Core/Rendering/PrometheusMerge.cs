using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Nodes;
using Injector.Kube.Json;

namespace Injector.Rendering;

/// <summary>
/// Istio's metrics merge (<c>applyPrometheusMerge</c>, <c>applySecurePrometheusAnnotation</c>): annotation keys are
/// matched in Prometheus' sanitized form (<c>prometheus.io/port</c>, <c>prometheus_io_port</c> and
/// <c>prometheus-io/port</c> are one key). Where Istio walks a Go map (random order), annotations are walked in key
/// order here.
/// </summary>
internal static class PrometheusMerge
{
    private const string ScrapeKey = "prometheus_io_scrape";
    private const string PortKey = "prometheus_io_port";
    private const string PathKey = "prometheus_io_path";
    private const string TargetsKey = "prometheus_istio_io_scrape_targets";
    private const string SecurePortKey = "prometheus_istio_io_secure_port";

    private static readonly FrozenDictionary<string, string> ReservedPorts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["15000"] = "Envoy admin",
        ["15001"] = "outbound traffic capture",
        ["15004"] = "pilot debug",
        ["15006"] = "inbound traffic capture",
        ["15008"] = "HBONE tunnel",
        ["15020"] = "pilot-agent status / merged Prometheus",
        ["15021"] = "Envoy health",
        ["15053"] = "DNS proxy",
        ["15090"] = "Envoy Prometheus (already merged)",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Prometheus' <c>SanitizeLabelName</c>: every character outside [a-zA-Z0-9_] becomes '_'.</summary>
    internal static string Sanitize(string key)
    {
        Span<char> buffer = key.Length <= 256 ? stackalloc char[key.Length] : new char[key.Length];
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            buffer[i] = char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_';
        }
        return new string(buffer);
    }

    private static IEnumerable<KeyValuePair<string, string>> Sorted(JsonObject pod) =>
        PodJson.Map(pod, "annotations").OrderBy(e => e.Key, StringComparer.Ordinal);

    /// <summary><c>getPrometheusPort</c>.</summary>
    public static string? Port(JsonObject pod)
    {
        foreach (var (key, value) in Sorted(pod))
        {
            if (Sanitize(key) == PortKey) return value;
        }
        return null;
    }

    /// <summary><c>clearPrometheusAnnotations</c>.</summary>
    public static void Clear(JsonObject pod)
    {
        if (pod["metadata"]?["annotations"] is not JsonObject annotations) return;
        foreach (var key in annotations.Select(e => e.Key).ToList())
        {
            if (Sanitize(key) is PathKey or PortKey or ScrapeKey or TargetsKey) annotations.Remove(key);
        }
    }

    private static bool Scrape(JsonObject pod)
    {
        foreach (var (key, value) in Sorted(pod))
        {
            if (Sanitize(key) == ScrapeKey && GoParse.TryParseBool(value, out var scrape)) return scrape;
        }
        return true;
    }

    private static bool Enabled(JsonObject pod, bool meshSetting) =>
        PodJson.TryGetAnnotation(pod, "prometheus.istio.io/merge-metrics", out var value) && GoParse.TryParseBool(value, out var enabled)
            ? enabled
            : meshSetting;

    public static void Apply(JsonObject pod, int statusPort, bool meshSetting)
    {
        if (!Scrape(pod) || !Enabled(pod, meshSetting)) return;
        var target = statusPort.ToString(CultureInfo.InvariantCulture);
        if (Port(pod) is { } current && current == target) return;

        string scrape = "", path = "", port = "";
        List<(string Port, string Path)>? targets = null;
        foreach (var (key, value) in Sorted(pod))
        {
            switch (Sanitize(key))
            {
                case PortKey: port = value; break;
                case ScrapeKey: scrape = value; break;
                case PathKey: path = value; break;
                case TargetsKey: targets = ParseTargets(value) ?? targets; break;
            }
        }
        if (targets is { Count: > 0 })
        {
            port = targets[0].Port;
            path = targets[0].Path;
            foreach (var t in targets) CheckPort(t.Port, target, "invalid prometheus scrape targets: ", "target port");
        }
        else if (port.Length > 0)
        {
            CheckPort(port, target, "invalid prometheus scrape configuration: ", "port");
        }
        if (PodJson.FindInPod(pod, PodJson.ProxyContainer) is { } sidecar && (scrape.Length > 0 || path.Length > 0 || port.Length > 0 || targets is { Count: > 0 }))
        {
            var config = new JsonObject { ["scrape"] = scrape, ["path"] = path, ["port"] = port };
            if (targets is { Count: > 0 })
            {
                config["targets"] = new JsonArray([.. targets.Select(t => (JsonNode)new JsonObject { ["port"] = t.Port, ["path"] = t.Path })]);
            }
            AppendEnv(sidecar, "ISTIO_PROMETHEUS_ANNOTATIONS", System.Text.Encoding.UTF8.GetString(GoJson.Serialize(config)));
        }
        Clear(pod);
        PodJson.SetAnnotation(pod, "prometheus.io/port", target);
        PodJson.SetAnnotation(pod, "prometheus.io/path", "/stats/prometheus");
        PodJson.SetAnnotation(pod, "prometheus.io/scrape", "true");
    }

    private static void CheckPort(string port, string agentPort, string prefix, string what)
    {
        if (!GoParse.TryAtoi(port, out var number) || number < 1 || number > 65535)
        {
            throw new RenderException(prefix + "invalid " + what + " " + GoParse.Quote(port));
        }
        var canonical = number.ToString(CultureInfo.InvariantCulture);
        if (canonical == agentPort) throw new RenderException(prefix + what + " " + AnnotationValidation.OneLine(port) + " conflicts with agent port");
        if (ReservedPorts.TryGetValue(canonical, out var reason))
        {
            throw new RenderException(prefix + what + " " + AnnotationValidation.OneLine(port) + " is reserved for Istio (" + reason + ") and cannot be scraped");
        }
    }

    /// <summary><c>ParseScrapeTargets</c>: "port:path" pairs; null (Istio logs and ignores the annotation) on an empty port.</summary>
    internal static List<(string Port, string Path)>? ParseTargets(string raw)
    {
        var targets = new List<(string, string)>();
        foreach (var item in raw.Split(','))
        {
            var entry = item.Trim();
            if (entry.Length == 0) continue;
            var parts = entry.Split(':', 2);
            var port = parts[0].Trim();
            if (port.Length == 0) return null;
            var path = parts.Length == 2 && parts[1].Trim().Length > 0 ? parts[1].Trim() : "/metrics";
            targets.Add((port, path));
        }
        return targets;
    }

    /// <summary><c>applySecurePrometheusAnnotation</c>.</summary>
    public static void ApplySecurePort(JsonObject pod)
    {
        foreach (var key in PodJson.Map(pod, "annotations").Keys)
        {
            if (Sanitize(key) == SecurePortKey) return;
        }
        if (PodJson.FindInPod(pod, PodJson.ProxyContainer)?["env"] is not JsonArray env) return;
        foreach (var e in env)
        {
            if (PodJson.String(e, "name") == "ENVOY_SECURE_MERGED_METRICS_PORT" && PodJson.String(e, "value") is { Length: > 0 } value && value != "0")
            {
                PodJson.SetAnnotation(pod, "prometheus.istio.io/secure-port", value);
                return;
            }
        }
    }

    internal static void AppendEnv(JsonObject container, string name, string value) =>
        PodJson.EnsureArray(container, "env").Add((JsonNode)new JsonObject { ["name"] = name, ["value"] = value });
}
