using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// Istio's metrics merge: unless the pod opted out (<c>prometheus.io/scrape: "false"</c>), the scrape annotations
/// point at the agent (status port, <c>/stats/prometheus</c>), which merges the app's own metrics; the app's original
/// scrape settings travel in <c>ISTIO_PROMETHEUS_ANNOTATIONS</c>.
/// </summary>
internal static class PrometheusMerge
{
    /// <summary>True when the annotations must be (re)written.</summary>
    public static bool Applies(InjectionPlan plan)
    {
        if (plan.Pod.TryGetAnnotation(AnnotationNames.PrometheusScrape, out var scrape) && scrape == "false") return false;
        // Already pointing at the agent: the user (or an earlier injection) set it; leave it.
        return !(plan.Pod.TryGetAnnotation(AnnotationNames.PrometheusPort, out var port) && port == plan.Revision.StatusPortText);
    }

    public static void WriteAnnotations(Utf8JsonWriter w, InjectionPlan plan)
    {
        w.WriteString(AnnotationNames.PrometheusPath, "/stats/prometheus");
        w.WriteString(AnnotationNames.PrometheusPort, plan.Revision.StatusPortText);
        w.WriteString(AnnotationNames.PrometheusScrape, "true");
    }

    public static void WriteEnv(Utf8JsonWriter w, InjectionPlan plan)
    {
        if (!Applies(plan))
        {
            // Re-injection: keep what the first injection recorded.
            if (plan.PreviousProxyEnv("ISTIO_PROMETHEUS_ANNOTATIONS") is { } previous)
            {
                ProxyEnvWriter.Value(w, "ISTIO_PROMETHEUS_ANNOTATIONS", previous);
            }
            return;
        }
        var pod = plan.Pod;
        var hasScrape = pod.TryGetAnnotation(AnnotationNames.PrometheusScrape, out var scrape);
        var hasPath = pod.TryGetAnnotation(AnnotationNames.PrometheusPath, out var path);
        var hasPort = pod.TryGetAnnotation(AnnotationNames.PrometheusPort, out var port);
        if (!hasScrape && !hasPath && !hasPort) return;
        var json = TemplateSegments.Render(inner =>
        {
            inner.WriteStartObject();
            if (scrape.Length > 0) inner.WriteString("scrape", scrape);
            if (path.Length > 0) inner.WriteString("path", path);
            if (port.Length > 0) inner.WriteString("port", port);
            inner.WriteEndObject();
        });
        w.WriteStartObject();
        w.WriteString("name", "ISTIO_PROMETHEUS_ANNOTATIONS");
        w.WriteString("value", json);
        w.WriteEndObject();
    }
}
