using System.Text.Json;
using Injector.Json;

namespace Injector.Injection;

/// <summary>The label and annotation operations: canonical service labels, Istio's bookkeeping annotations.</summary>
internal static class MetadataPatchWriter
{
    private static readonly JsonEncodedText Istio = JsonEncodedText.Encode("istio");
    private static readonly JsonEncodedText Latest = JsonEncodedText.Encode("latest");
    private static readonly JsonEncodedText StatsPath = JsonEncodedText.Encode("/stats/prometheus");
    private static readonly JsonEncodedText True = JsonEncodedText.Encode("true");
    private static readonly JsonEncodedText False = JsonEncodedText.Encode("false");

    public static void Write(PatchWriter patch, InjectionPlan plan, JsonEncodedText status)
    {
        var pod = plan.Pod;
        if (pod.Metadata.ValueKind != JsonValueKind.Object)
        {
            patch.BeginAdd(PatchPaths.Metadata);
            patch.Writer.WriteStartObject();
            patch.Writer.WriteEndObject();
            patch.End();
        }
        WriteLabels(patch, plan);
        WriteAnnotations(patch, plan, status);
    }

    /// <summary>Istio's template cuts the workload name to a label value: <c>trunc 63 | trimAll "-_."</c> (bytes; the
    /// coverage rule leaves non-ASCII names to the renderer).</summary>
    internal static string CanonicalName(string workloadName) =>
        (workloadName.Length > 63 ? workloadName[..63] : workloadName).Trim('-', '_', '.');

    private static void WriteLabels(PatchWriter patch, InjectionPlan plan)
    {
        var pod = plan.Pod;
        var labels = new MapPatch(patch, PatchPaths.Labels, pod.Labels.ValueKind == JsonValueKind.Object);
        // The template's `index .ObjectMeta.Labels k | default ...`: an empty label counts as absent.
        if (plan.Sidecar && !HasNonEmptyLabel(pod, MapKey.TlsMode.Utf8Key)) labels.Set(MapKey.TlsMode, Istio);
        if (!HasNonEmptyLabel(pod, MapKey.CanonicalName.Utf8Key))
        {
            var name = FirstLabel(pod, "app.kubernetes.io/name"u8, "app"u8);
            if (name.ValueKind == JsonValueKind.String) labels.Set(MapKey.CanonicalName, name);
            else labels.Set(MapKey.CanonicalName, CanonicalName(plan.Workload.Name));
        }
        if (!HasNonEmptyLabel(pod, MapKey.CanonicalRevision.Utf8Key))
        {
            var version = FirstLabel(pod, "app.kubernetes.io/version"u8, "version"u8);
            if (version.ValueKind == JsonValueKind.String) labels.Set(MapKey.CanonicalRevision, version);
            else labels.Set(MapKey.CanonicalRevision, Latest);
        }
        // applyMetadata: the network (the pod's label, the URL's, the install's) labels the pod.
        if (plan.Network.Length > 0) labels.Set(MapKey.TopologyNetwork, plan.Network);
        labels.End();
    }

    private static void WriteAnnotations(PatchWriter patch, InjectionPlan plan, JsonEncodedText status)
    {
        var pod = plan.Pod;
        var annotations = new MapPatch(patch, PatchPaths.Annotations, pod.Annotations.ValueKind == JsonValueKind.Object);
        if (FirstAppContainer(plan) is { ValueKind: JsonValueKind.String } first)
        {
            if (!pod.HasAnnotation(AnnotationNames.DefaultLogsContainer)) annotations.Set(MapKey.DefaultLogsContainer, first);
            if (!pod.HasAnnotation(AnnotationNames.DefaultContainer)) annotations.Set(MapKey.DefaultContainer, first);
        }
        if (!(pod.TryGetAnnotation(AnnotationNames.Rev, out var rev) && rev == plan.Revision.Name))
        {
            annotations.Set(MapKey.Rev, plan.Revision.NameText);
        }
        if (PrometheusMerge.Applies(plan))
        {
            annotations.Set(MapKey.PrometheusPath, StatsPath);
            annotations.Set(MapKey.PrometheusPort, plan.Revision.StatusPortJson);
            annotations.Set(MapKey.PrometheusScrape, True);
        }
        if (plan.GrpcAgent || plan.GrpcSimple)
        {
            // Proxyless gRPC cannot serve rewritten probes: there is no Envoy to answer them.
            annotations.Set(MapKey.RewriteAppHttpProbers, False);
        }
        if ((plan.UserProxy.ValueKind == JsonValueKind.Object && !plan.ProxyInjectedBefore) || (plan.GrpcAgent && !plan.Previous.Injected))
        {
            var json = TemplateSegments.Render(w => ProxyOverride.WriteAnnotationValue(w, plan));
            annotations.Set(MapKey.ProxyOverrides, json);
        }
        if (plan.Revision.Config.InjectedAnnotations is { } injected)
        {
            foreach (var (key, value) in injected) annotations.Set(key, value);
        }
        annotations.Set(MapKey.Status, status);
        annotations.End();
    }

    /// <summary>The first app container's name (a string element), or Undefined; compared and copied in place.</summary>
    public static JsonTreeElement FirstAppContainer(InjectionPlan plan)
    {
        if (plan.Pod.Containers.ValueKind != JsonValueKind.Array) return default;
        foreach (var c in plan.Pod.Containers.EnumerateArray())
        {
            var name = PodView.NameOf(c);
            if (name.ValueKind != JsonValueKind.String || name.ValueEquals(ContainerNames.ProxyUtf8)
                || plan.Previous.Containers.Contains(name)) continue;
            return name;
        }
        return default;
    }

    /// <summary>The first of two labels set to a non-empty string (the element, copied in place), else Undefined.</summary>
    private static JsonTreeElement FirstLabel(PodView pod, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var a = PodView.Child(pod.Labels, first, JsonValueKind.String);
        if (NonEmpty(a)) return a;
        var b = PodView.Child(pod.Labels, second, JsonValueKind.String);
        return NonEmpty(b) ? b : default;
    }

    private static bool HasNonEmptyLabel(PodView pod, ReadOnlySpan<byte> key) => NonEmpty(PodView.Child(pod.Labels, key, JsonValueKind.String));

    // The raw value includes its quotes; an escape always stands for at least one character.
    private static bool NonEmpty(JsonTreeElement text) =>
        text.ValueKind == JsonValueKind.String && text.RawValue.Length > 2;
}
