using Injector.Install.Yaml;

namespace Injector.Install.Manifests;

/// <summary>Prometheus Operator objects (<c>--monitoring</c>): scrape the injector and alert on its health.</summary>
internal static class MonitoringObjects
{
    private const string ApiVersion = "monitoring.coreos.com/v1";

    public static YamlMap ServiceMonitor(ManifestOptions o)
    {
        var endpoint = new YamlMap().Add("port", "http-monitoring").Add("path", "/metrics").Add("interval", "15s");
        var spec = new YamlMap()
            .Add("selector", new YamlMap().Add("matchLabels", ObjectMeta.SelectorLabels(o)))
            .Add("namespaceSelector", new YamlMap().Add("matchNames", YamlSeq.Of(o.Namespace)))
            .Add("endpoints", YamlSeq.Of(endpoint));
        return ObjectMeta.Object(ApiVersion, "ServiceMonitor", ObjectMeta.Namespaced(o, o.Name)).Add("spec", spec);
    }

    public static YamlMap PrometheusRule(ManifestOptions o)
    {
        var rev = "revision=\"" + o.Revision + "\"";
        var rules = YamlSeq.Of(
            Alert("InjectorInjectionFailures",
                "sum(rate(sidecar_injection_failure_total{" + rev + "}[5m]))\n" +
                "  / clamp_min(sum(rate(sidecar_injection_requests_total{" + rev + "}[5m])), 1e-9) > 0.01",
                "5m", "critical",
                "More than 1% of sidecar injections fail for revision " + o.Revision + " (failurePolicy Fail blocks those pods)."),
            Alert("InjectorSlowInjections",
                "histogram_quantile(0.99, sum by (le) (rate(sidecar_injection_time_seconds_bucket{" + rev + "}[5m]))) > 0.5",
                "10m", "warning",
                "p99 injection latency of revision " + o.Revision + " is above 500ms (the API server gives up after " +
                o.TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "s)."),
            Alert("InjectorNoReadyReplicas",
                "(max(kube_deployment_status_replicas_ready{namespace=\"" + o.Namespace + "\",deployment=\"" + o.Name + "\"})" +
                " or on() vector(0)) < 1",
                "2m", "critical",
                "No ready injector for revision " + o.Revision + ": pod creation in its namespaces fails (needs kube-state-metrics)."),
            Alert("InjectorConfigReloadFailing",
                "increase(injector_config_reload_failures_total{namespace=\"" + o.Namespace + "\",service=\"" + o.Name + "\"}[15m]) > 0",
                "0m", "warning",
                "The injector of revision " + o.Revision + " rejected a new config and keeps serving the previous one."));
        var group = new YamlMap().Add("name", o.Name).Add("rules", rules);
        return ObjectMeta.Object(ApiVersion, "PrometheusRule", ObjectMeta.Namespaced(o, o.Name))
            .Add("spec", new YamlMap().Add("groups", YamlSeq.Of(group)));
    }

    private static YamlMap Alert(string name, string expr, string forDuration, string severity, string summary) => new YamlMap()
        .Add("alert", name)
        .Add("expr", expr.Contains('\n') ? YamlScalar.Block(expr + "\n") : YamlScalar.Str(expr))
        .Add("for", forDuration)
        .Add("labels", new YamlMap().Add("severity", severity))
        .Add("annotations", new YamlMap().Add("summary", summary));
}
