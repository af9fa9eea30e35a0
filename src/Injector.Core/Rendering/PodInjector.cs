using System.Text;
using System.Text.Json.Nodes;
using Injector.Kube.Normalization;
using Injector.Kube.Schema;
using Injector.Kube.StrategicMerge;
using Injector.Kube.Views;
using Injector.Kube.Yaml;
using Injector.Templates;

namespace Injector.Rendering;

/// <summary>
/// Istio's <c>injectPod</c>: run the selected templates over the template data and strategic-merge each onto the pod
/// (<c>RunTemplate</c>), re-apply the user's own versions of injected containers, post-process, and return the final
/// pod. Every merge re-reads the result as a typed pod, as Istio's <c>applyOverlay</c> does.
/// </summary>
internal static class PodInjector
{
    public static JsonObject Run(InjectorInputs inputs, InjectionRequest request)
    {
        var original = request.Pod;
        var (merged, templatePod) = RunTemplates(inputs, request);
        request.Budget.Check();
        try
        {
            merged = ContainerOverrides.Reapply(merged, original, templatePod, request.ProxyConfig.InterceptionMode);
        }
        catch (RenderException ex)
        {
            throw new RenderException("failed to re apply container: " + ex.Message);
        }
        try
        {
            PostProcessing.Apply(merged, templatePod, inputs, request);
        }
        catch (RenderException ex)
        {
            throw new RenderException("failed to process pod: " + ex.Message);
        }
        request.Budget.Check();
        return Normalize(merged);
    }

    private static (JsonObject Merged, JsonObject TemplatePod) RunTemplates(InjectorInputs inputs, InjectionRequest request)
    {
        var pod = request.Pod;
        var annotations = PodJson.Map(pod, "annotations");
        if (AnnotationValidation.Validate(annotations) is { } invalid) throw new RenderException("failed to run injection template: " + invalid);

        // extractClusterAndNetwork: values, then the webhook URL's envs, then the pod's network label.
        var cluster = inputs.Typed.ClusterName;
        var network = inputs.Typed.Network;
        if (request.ProxyEnvs.TryGetValue("ISTIO_META_CLUSTER_ID", out var c) && c.Length > 0) cluster = c;
        if (request.ProxyEnvs.TryGetValue("ISTIO_META_NETWORK", out var n) && n.Length > 0) network = n;
        if (PodJson.Map(pod, "labels").TryGetValue("topology.istio.io/network", out var labelled)) network = labelled;
        if (cluster.Length > 0) request.ProxyEnvs["ISTIO_META_CLUSTER_ID"] = cluster;
        if (network.Length > 0) request.ProxyEnvs["ISTIO_META_NETWORK"] = network;

        JsonObject stripped;
        try
        {
            stripped = ContainerOverrides.Reinsert(ContainerOverrides.Strip(pod, request.Mesh.DefaultConfig.StatusPort));
        }
        catch (RenderException ex)
        {
            throw new RenderException("failed to run injection template: " + ex.Message);
        }
        var strippedAnnotations = PodJson.Map(stripped, "annotations");
        var (uid, gid) = ProxyIds.For(request.Namespace);
        var data = new SidecarTemplateData(
            KubeViews.TypeMeta(request.Kind, request.ApiVersion),
            KubeViews.NamespacedName(request.DeployNamespace, request.DeployName),
            KubeViews.ObjectMeta(stripped["metadata"] as JsonObject),
            KubeViews.PodSpec(stripped["spec"] as JsonObject),
            request.ProxyConfig,
            request.Mesh,
            inputs.Values,
            request.Revision,
            request.NativeSidecar,
            ProxyImages.Proxy(inputs.Typed, request.ProxyConfig.ImageType, strippedAnnotations),
            ProxyImages.ProxyInit(inputs.Typed, strippedAnnotations),
            uid,
            gid,
            request.Mesh.InboundTrafficPolicyMode == "LOCALHOST" ? "localhost" : "passthrough",
            inputs.Typed.CompliancePolicy);

        var merged = pod;
        var templatePod = new JsonObject();
        var output = new StringBuilder(32 * 1024);
        foreach (var name in SelectTemplates(annotations, request))
        {
            request.Budget.Check();
            if (!inputs.Config.Templates.TryGetValue(name, out var template))
            {
                throw new RenderException("failed to run injection template: requested template " + GoParse.Quote(name) + " not found; have "
                    + string.Join(", ", inputs.Config.Templates.Keys.Order(StringComparer.Ordinal)));
            }
            output.Clear();
            try
            {
                // The request's work budget counts template steps too: a deadline stops a long range inside it.
                template.Execute(data, output, request.TemplateLimits);
            }
            catch (TemplateException ex)
            {
                throw new RenderException("failed to run injection template: " + AnnotationValidation.OneLine(ex.Message, 500));
            }
            JsonObject overlay;
            try
            {
                overlay = GoYaml.ToJson(output.ToString()) switch
                {
                    null => new JsonObject(),
                    JsonObject o => o,
                    _ => throw new RenderException("failed to run injection template: failed applying injection overlay: invalid JSON document"),
                };
            }
            catch (GoYamlException ex)
            {
                throw new RenderException("failed to run injection template: failed applying injection overlay: " + ex.Message);
            }
            // templatePod is ours (a fresh pod or a merge result); the overlay is merged twice, so this merge gets a copy.
            templatePod = MergeOwned(templatePod, PodJson.Clone(overlay), "failed to run injection template: failed applying injection overlay: ");

            // With native sidecars the template puts the proxy under initContainers; a user's istio-proxy customization
            // sits in containers: move it across so the two merge (the pod's annotation overrides the global flag).
            var native = request.NativeSidecar;
            if (PodJson.TryGetAnnotation(merged, "sidecar.istio.io/nativeSidecar", out var nativeAnnotation))
            {
                if (nativeAnnotation == "true") native = true;
                else if (nativeAnnotation == "false") native = false;
            }
            if (native && PodJson.Find(PodJson.List(templatePod, "initContainers"), PodJson.ProxyContainer) is not null
                && PodJson.Find(PodJson.List(merged, "containers"), PodJson.ProxyContainer) is { } userProxy)
            {
                merged = PodJson.Clone(merged);
                var moved = PodJson.Find(PodJson.List(merged, "containers"), PodJson.ProxyContainer)!;
                PodJson.List(merged, "containers")!.Remove(moved);
                PodJson.EnsureList(merged, "initContainers").Add((JsonNode)moved);
            }
            // The pod as sent stays untouched (it is diffed against and re-read later); the overlay's last use.
            merged = MergeOwned(ReferenceEquals(merged, pod) ? PodJson.Clone(merged) : merged, overlay,
                "failed to run injection template: failed parsing generated injected YAML (check Istio sidecar injector configuration): ");
        }
        return (merged, templatePod);
    }

    private static List<string> SelectTemplates(Dictionary<string, string> annotations, InjectionRequest request)
    {
        IEnumerable<string> names = annotations.TryGetValue("inject.istio.io/templates", out var requested)
            ? requested.Split(',').Select(s => s.Trim())
            : request.DefaultTemplates;
        var result = new List<string>();
        foreach (var name in names)
        {
            if (result.Count > 1000) throw new RenderException("failed to run injection template: too many templates requested");
            if (request.Aliases.TryGetValue(name, out var expansion)) result.AddRange(expansion);
            else result.Add(name);
        }
        return result;
    }

    /// <summary>Istio's <c>applyOverlayYAML</c>/<c>applyOverlay</c>: strategic merge onto the marshalled pod, read back
    /// as a typed pod. Neither input changes.</summary>
    internal static JsonObject Overlay(JsonObject target, JsonObject overlay, string errorPrefix) =>
        MergeOwned(PodJson.Clone(target), PodJson.Clone(overlay), errorPrefix);

    /// <summary>As <see cref="Overlay"/>, consuming both inputs (the merge reuses their nodes): for trees the caller owns.</summary>
    private static JsonObject MergeOwned(JsonObject target, JsonObject overlay, string errorPrefix)
    {
        try
        {
            var merged = StrategicMerge.Apply(target, overlay, KubePatchMeta.Pod);
            return Normalize(merged, errorPrefix + "unmarshal patched pod: ");
        }
        catch (StrategicMergeException ex)
        {
            throw new RenderException(errorPrefix + "strategic merge: " + AnnotationValidation.OneLine(ex.Message, 500));
        }
    }

    internal static JsonObject Normalize(JsonObject pod, string errorPrefix = "")
    {
        try
        {
            return PodNormalizer.Normalize(pod);
        }
        catch (KubeDecodeException ex)
        {
            throw new RenderException(errorPrefix + AnnotationValidation.OneLine(ex.Message, 500));
        }
    }
}
