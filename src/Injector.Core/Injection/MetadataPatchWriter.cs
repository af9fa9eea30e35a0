using System.Text.Json;
using Injector.Json;

namespace Injector.Injection;

/// <summary>The label and annotation operations: canonical service labels, Istio's bookkeeping annotations.</summary>
internal static class MetadataPatchWriter
{
    public static void Write(PatchWriter patch, InjectionPlan plan, ReadOnlySpan<byte> statusJson)
    {
        var pod = plan.Pod;
        if (pod.Metadata.ValueKind != JsonValueKind.Object)
        {
            patch.BeginAdd("/metadata");
            patch.Writer.WriteStartObject();
            patch.Writer.WriteEndObject();
            patch.End();
        }
        WriteLabels(patch, plan);
        WriteAnnotations(patch, plan, statusJson);
    }

    private static void WriteLabels(PatchWriter patch, InjectionPlan plan)
    {
        var pod = plan.Pod;
        var labels = new MapPatch(patch, "/metadata/labels", pod.Labels.ValueKind == JsonValueKind.Object);
        if (plan.Sidecar && !pod.TryGetLabel(AnnotationNames.TlsModeLabel, out _)) labels.Set(AnnotationNames.TlsModeLabel, "istio");
        if (!pod.TryGetLabel(AnnotationNames.CanonicalNameLabel, out _))
        {
            labels.Set(AnnotationNames.CanonicalNameLabel, FirstLabel(pod, "app.kubernetes.io/name", "app") ?? plan.Workload.Name);
        }
        if (!pod.TryGetLabel(AnnotationNames.CanonicalRevisionLabel, out _))
        {
            labels.Set(AnnotationNames.CanonicalRevisionLabel, FirstLabel(pod, "app.kubernetes.io/version", "version") ?? "latest");
        }
        labels.End();
    }

    private static void WriteAnnotations(PatchWriter patch, InjectionPlan plan, ReadOnlySpan<byte> statusJson)
    {
        var pod = plan.Pod;
        var annotations = new MapPatch(patch, "/metadata/annotations", pod.Annotations.ValueKind == JsonValueKind.Object);
        if (FirstAppContainer(plan) is { } first)
        {
            if (!pod.HasAnnotation(AnnotationNames.DefaultLogsContainer)) annotations.Set(AnnotationNames.DefaultLogsContainer, first);
            if (!pod.HasAnnotation(AnnotationNames.DefaultContainer)) annotations.Set(AnnotationNames.DefaultContainer, first);
        }
        if (!(pod.TryGetAnnotation(AnnotationNames.Rev, out var rev) && rev == plan.Revision.Name))
        {
            annotations.Set(AnnotationNames.Rev, plan.Revision.Name);
        }
        if (PrometheusMerge.Applies(plan))
        {
            annotations.Set(AnnotationNames.PrometheusPath, "/stats/prometheus");
            annotations.Set(AnnotationNames.PrometheusPort, plan.Revision.StatusPortText);
            annotations.Set(AnnotationNames.PrometheusScrape, "true");
        }
        if (plan.GrpcAgent || plan.GrpcSimple)
        {
            // Proxyless gRPC cannot serve rewritten probes: there is no Envoy to answer them.
            annotations.Set(AnnotationNames.RewriteAppHttpProbers, "false");
        }
        if ((plan.UserProxy.ValueKind == JsonValueKind.Object && !plan.ProxyInjectedBefore) || (plan.GrpcAgent && !plan.Previous.Injected))
        {
            var json = TemplateSegments.Render(w => ProxyOverride.WriteAnnotationValue(w, plan));
            annotations.Set(AnnotationNames.ProxyOverrides, json);
        }
        if (plan.Revision.Config.InjectedAnnotations is { } injected)
        {
            foreach (var (key, value) in injected) annotations.Set(key, value);
        }
        annotations.Set(AnnotationNames.Status, statusJson);
        annotations.End();
    }

    public static string? FirstAppContainer(InjectionPlan plan)
    {
        if (plan.Pod.Containers.ValueKind != JsonValueKind.Array) return null;
        foreach (var c in plan.Pod.Containers.EnumerateArray())
        {
            var name = PodView.NameOf(c);
            if (name.ValueKind != JsonValueKind.String || name.ValueEquals(ContainerNames.Proxy)
                || PreviousInjection.Contains(plan.Previous.Containers, name)) continue;
            return name.GetString();
        }
        return null;
    }

    private static string? FirstLabel(PodView pod, string first, string second)
    {
        if (pod.TryGetLabel(first, out var a) && a.Length > 0) return a;
        if (pod.TryGetLabel(second, out var b) && b.Length > 0) return b;
        return null;
    }
}
