using System.Text.Json.Nodes;

namespace Injector.Rendering;

/// <summary>What the cluster tells istiod beyond the install: whether its nodes run native sidecars (kubelet ≥ 1.33),
/// read only when <c>ENABLE_NATIVE_SIDECARS</c> is neither true nor false (auto).</summary>
/// <param name="NativeSidecarsSupported">Null: not known (offline, or <c>serve</c> without the nodes): native sidecars
/// on (Istio without a node client: off; see docs/rendered-path.md).</param>
public sealed record ClusterFacts(bool? NativeSidecarsSupported)
{
    /// <summary>The nodes support native sidecars.</summary>
    public static readonly ClusterFacts Supported = new(true);

    /// <summary>Some node (the pod's, or any when the pod has none) does not.</summary>
    public static readonly ClusterFacts Unsupported = new(false);

    public static ClusterFacts Of(bool supported) => supported ? Supported : Unsupported;
}

/// <summary>The pod's namespace as istiod's namespace informer sees it (OpenShift reads its UID range annotations).</summary>
public sealed record NamespaceFacts(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>Which of Istio's two callers of <c>injectPod</c> is followed: the admission webhook or <c>istioctl kube-inject</c>.</summary>
public enum RenderMode
{
    Webhook,
    KubeInject,
}

/// <summary>The answer for one pod (or workload).</summary>
public abstract record RenderOutcome
{
    private RenderOutcome()
    {
    }

    /// <summary>Not injected (policy, host network, ignored namespace); the pod is allowed unchanged.</summary>
    public sealed record Skipped(string Reason) : RenderOutcome;

    /// <summary>Injection failed: the webhook refuses the pod with this one-line message (Istio's error text).</summary>
    public sealed record Denied(string Message) : RenderOutcome;

    /// <summary>The injected pod (or workload, for <see cref="RenderedInjector.InjectWorkload"/>) and the RFC 6902 patch
    /// from the object as sent.</summary>
    public sealed record Injected(JsonObject Pod, byte[] JsonPatch) : RenderOutcome;
}
