using Injector.Rendering;

namespace Injector.Admission;

/// <summary>
/// What <c>serve</c> knows of the cluster beyond the request, as istiod's informers know it: the nodes' kubelet
/// versions (for <c>ENABLE_NATIVE_SIDECARS</c> auto) and the namespaces' OpenShift annotations (for
/// <c>PLATFORM=openshift</c>). Answers come from read-only snapshots filled by watches, never from a call per request.
/// </summary>
public interface IClusterFacts
{
    /// <summary>Istio's <c>DetectNativeSidecar</c> for a pod on <paramref name="nodeName"/> (empty: not scheduled);
    /// null when the nodes are not known (not watched, or not listed yet).</summary>
    bool? NativeSidecarsSupported(string nodeName);

    /// <summary>True when namespaces are watched and listed: <see cref="Namespace"/> answers for every namespace.</summary>
    bool KnowsNamespaces { get; }

    /// <summary>The namespace as last seen; null when it does not exist or namespaces are not known.</summary>
    NamespaceFacts? Namespace(string name);
}
