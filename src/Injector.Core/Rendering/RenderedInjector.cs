using System.Text.Json.Nodes;
using Injector.Istio.Mesh;
using Injector.Kube.Normalization;
using Injector.Kube.Patch;
using Injector.Kube.StrategicMerge;
using Injector.Kube.Yaml;
using Injector.Limits;
using Injector.Templates;
using Injector.Templates.Execution;

namespace Injector.Rendering;

/// <summary>
/// Istio's injection over Istio's own inputs, step by step (inject.go, webhook.go): the webhook's <c>inject</c> and
/// kube-inject's <c>IntoObject</c>, both ending in <c>injectPod</c>. Thread-safe: every request works on its own trees.
/// </summary>
public sealed class RenderedInjector
{
    private readonly InjectorInputs _inputs;

    public RenderedInjector(InjectorInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _inputs = inputs;
    }

    public InjectorInputs Inputs => _inputs;

    /// <summary>
    /// Injects one pod: in <see cref="RenderMode.Webhook"/> mode the AdmissionReview's object (the patch is from it as
    /// sent); in <see cref="RenderMode.KubeInject"/> mode a <c>kind: Pod</c> document. Never throws on bad pod input:
    /// the outcome is <see cref="RenderOutcome.Denied"/> with a one-line message. A spent <paramref name="budget"/>
    /// throws (<see cref="WorkBudgetExceededException"/>, <see cref="OperationCanceledException"/>).
    /// </summary>
    /// <param name="proxyEnvs">The webhook URL's proxy envs (<c>/inject/cluster/C/net/N</c>: <c>ISTIO_META_CLUSTER_ID</c>,
    /// <c>ISTIO_META_NETWORK</c>), as Istio's <c>parseInjectEnvs</c> reads them; null or empty for <c>/inject</c>.</param>
    /// <param name="cluster">This request's view of the nodes (webhook mode, <c>ENABLE_NATIVE_SIDECARS</c> auto): the
    /// pod's node or all nodes, as Istio's <c>DetectNativeSidecar</c>; null: the load-time <see cref="InjectorInputs.Cluster"/>.</param>
    public RenderOutcome Inject(JsonObject pod, string @namespace, RenderMode mode, NamespaceFacts? ns = null, WorkBudget? budget = null,
        IReadOnlyDictionary<string, string>? proxyEnvs = null, ClusterFacts? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        budget ??= WorkBudget.Unlimited;
        return Guard(() =>
        {
            if (AnnotationSizeProblem(pod) is { } tooLong) return new RenderOutcome.Denied(tooLong);
            var typed = PodNormalizer.NormalizeWithoutManagedFields(pod);
            if (mode == RenderMode.Webhook)
            {
                if (PodJson.String(typed["metadata"], "namespace").Length == 0) PodJson.Metadata(typed)["namespace"] = @namespace;
                return Webhook(pod, typed, ns, budget, proxyEnvs, cluster);
            }
            var (name, kind, apiVersion) = WorkloadMeta.FromPod(typed);
            var podNamespace = PodJson.String(typed["metadata"], "namespace");
            var result = KubeInject(typed, name, podNamespace, kind, apiVersion, budget);
            if (result is not RenderOutcome.Injected injected) return result;
            var patch = JsonPatchDiff.ToJson(JsonPatchDiff.Diff(pod, PodNormalizer.NormalizeWithoutManagedFields(pod), injected.Pod));
            return new RenderOutcome.Injected(injected.Pod, patch);
        });
    }

    /// <summary>
    /// kube-inject over one workload document (a <c>kind: List</c>'s items each): the kinds Istio's kube-inject
    /// reads are injected and written back as Go's typed structs marshal them; other documents come back unchanged
    /// (<see cref="RenderOutcome.Skipped"/>). The patch is from the document as given to the result.
    /// </summary>
    public RenderOutcome InjectWorkload(JsonObject workload, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        budget ??= WorkBudget.Unlimited;
        return Guard(() =>
        {
            var result = WorkloadInjection.Inject(workload, budget, (pod, name, ns, kind, apiVersion) => KubeInject(pod, name, ns, kind, apiVersion, budget));
            if (result is not RenderOutcome.Injected injected) return result;
            return new RenderOutcome.Injected(injected.Pod, TopLevelPatch(workload, injected.Pod));
        });
    }

    /// <summary>A patch replacing, adding or removing the top-level members that differ (workloads have no typed
    /// schema here for a finer diff).</summary>
    private static byte[] TopLevelPatch(JsonObject from, JsonObject to)
    {
        var operations = new List<JsonPatchOperation>();
        foreach (var (key, value) in to)
        {
            if (!from.TryGetPropertyValue(key, out var old)) operations.Add(new JsonPatchOperation("add", "/" + Escape(key), value));
            else if (!JsonNode.DeepEquals(old, value)) operations.Add(new JsonPatchOperation("replace", "/" + Escape(key), value));
        }
        foreach (var (key, _) in from)
        {
            if (!to.ContainsKey(key)) operations.Add(new JsonPatchOperation("remove", "/" + Escape(key), null));
        }
        return JsonPatchDiff.ToJson(operations);
    }

    private static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Kubernetes' own limit on a pod's annotations (keys and values, 256 KiB): the API server refuses a
    /// larger pod after admission anyway, so it is refused before any work (Istio would render it first).</summary>
    internal const int MaxAnnotationBytes = 256 * 1024;

    private static string? AnnotationSizeProblem(JsonObject pod)
    {
        if (pod["metadata"] is not JsonObject metadata || metadata["annotations"] is not JsonObject annotations) return null;
        long total = 0;
        foreach (var (key, value) in annotations)
        {
            total += System.Text.Encoding.UTF8.GetByteCount(key);
            if (value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String) total += System.Text.Encoding.UTF8.GetByteCount(v.GetValue<string>());
            if (total > MaxAnnotationBytes) return "metadata.annotations: Too long: may not be more than " + MaxAnnotationBytes + " bytes";
        }
        return null;
    }

    private static RenderOutcome Guard(Func<RenderOutcome> work)
    {
        try
        {
            return work();
        }
        catch (RenderException ex)
        {
            return new RenderOutcome.Denied(AnnotationValidation.OneLine(ex.Message, 1000));
        }
        catch (KubeDecodeException ex)
        {
            return new RenderOutcome.Denied("could not read the pod: " + AnnotationValidation.OneLine(ex.Message, 500));
        }
        catch (Exception ex) when (ex is GoYamlException or StrategicMergeException or TemplateException or TemplateLimitException
            or MeshConfigException or InvalidDataException or System.Text.Json.JsonException or InsufficientExecutionStackException)
        {
            return new RenderOutcome.Denied("injection failed: " + AnnotationValidation.OneLine(ex.Message, 500));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException or IndexOutOfRangeException
            && ex is not OperationCanceledException)
        {
            // A pod shape no rule above expected: refuse it rather than fail the request (the type names the gap).
            return new RenderOutcome.Denied("injection failed (" + ex.GetType().Name + "): " + AnnotationValidation.OneLine(ex.Message, 500));
        }
    }

    // Webhook.inject: policy, ProxyConfig from the mesh and the pod's annotation, workload identity, OpenShift ids,
    // native sidecars; then injectPod and the patch from the pod as sent.
    private RenderOutcome Webhook(JsonObject raw, JsonObject pod, NamespaceFacts? ns, WorkBudget budget, IReadOnlyDictionary<string, string>? proxyEnvs,
        ClusterFacts? cluster)
    {
        var config = _inputs.Config;
        var podNamespace = PodJson.String(pod["metadata"], "namespace");
        if (InjectionPolicy.SkipReason(pod["spec"]?["hostNetwork"]?.GetValueKind() == System.Text.Json.JsonValueKind.True, podNamespace,
                PodJson.Map(pod, "labels"), PodJson.Map(pod, "annotations"), config.Policy, config.NeverInjectSelector, config.AlwaysInjectSelector) is { } reason)
        {
            return new RenderOutcome.Skipped(reason);
        }
        var mesh = _inputs.Mesh;
        // GetProxyConfigOrDefault: the mesh's default ProxyConfig with the pod's annotation (ignored when unreadable:
        // validation refuses it next).
        var proxyConfig = mesh.EffectiveProxyConfig(PodJson.TryGetAnnotation(pod, PodJson.ProxyConfigAnnotation, out var annotation) ? annotation : null);
        var (name, kind, apiVersion) = WorkloadMeta.FromPod(pod);
        NamespaceFacts? namespaceFacts = null;
        if (_inputs.IsOpenShift)
        {
            namespaceFacts = ns;
            OpenShift.ResetSidecarUser(pod);
        }
        var request = new InjectionRequest
        {
            Pod = pod,
            DeployName = name,
            DeployNamespace = podNamespace,
            Kind = kind,
            ApiVersion = apiVersion,
            Namespace = namespaceFacts,
            NativeSidecar = _inputs.NativeSidecarsWith(cluster),
            DefaultTemplates = config.DefaultTemplates,
            Aliases = config.Aliases,
            Mesh = mesh,
            ProxyConfig = proxyConfig,
            Revision = _inputs.Revision,
            ProxyEnvs = proxyEnvs is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(proxyEnvs, StringComparer.Ordinal),
            InjectedAnnotations = config.InjectedAnnotations,
            Budget = budget,
        };
        var final = PodInjector.Run(_inputs, request);
        var patch = JsonPatchDiff.ToJson(JsonPatchDiff.Diff(raw, pod, final));
        return new RenderOutcome.Injected(final, patch);
    }

    // IntoObject for one pod template: host network and the namespace list skip with a warning; the pod's ProxyConfig
    // annotation is applied to the mesh itself; policy "enabled", no selectors, templates [sidecar], no aliases, no
    // injected annotations, revision "" for the default revision (istioctl's --revision).
    private RenderOutcome KubeInject(JsonObject pod, string name, string @namespace, string kind, string apiVersion, WorkBudget budget)
    {
        var described = (kind.Length > 0 ? kind + " " : "") + GoParse.Quote(@namespace.Length > 0 ? @namespace + "/" + name : name);
        if (pod["spec"]?["hostNetwork"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
        {
            return new RenderOutcome.Skipped("Skipping injection because " + described + " has host networking enabled");
        }
        var mesh = _inputs.Mesh;
        if (PodJson.TryGetAnnotation(pod, PodJson.ProxyConfigAnnotation, out var annotation))
        {
            try
            {
                mesh = mesh.WithProxyConfigAnnotation(annotation);
            }
            catch (MeshConfigException ex)
            {
                throw new RenderException(ex.Message);
            }
        }
        if (InjectionPolicy.SkipReason(false, PodJson.String(pod["metadata"], "namespace"), PodJson.Map(pod, "labels"), PodJson.Map(pod, "annotations"),
                "enabled", [], []) is not null)
        {
            return new RenderOutcome.Skipped("Skipping injection because " + described + " has sidecar injection disabled");
        }
        var request = new InjectionRequest
        {
            Pod = pod,
            DeployName = name,
            DeployNamespace = @namespace,
            Kind = kind,
            ApiVersion = apiVersion,
            Namespace = null,
            NativeSidecar = _inputs.NativeSidecars,
            DefaultTemplates = ["sidecar"],
            Aliases = new Dictionary<string, IReadOnlyList<string>>(),
            Mesh = mesh,
            ProxyConfig = mesh.DefaultConfig,
            Revision = _inputs.Revision == "default" ? "" : _inputs.Revision,
            ProxyEnvs = new Dictionary<string, string>(StringComparer.Ordinal),
            InjectedAnnotations = new Dictionary<string, string>(),
            Budget = budget,
        };
        return new RenderOutcome.Injected(PodInjector.Run(_inputs, request), []);
    }
}
