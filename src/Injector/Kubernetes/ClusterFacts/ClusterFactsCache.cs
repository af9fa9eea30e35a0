using System.Collections.Immutable;
using Injector.Admission;
using Injector.Rendering;

namespace Injector.Kubernetes.ClusterFacts;

/// <summary>
/// The snapshots the watches publish, read by every request without a lock: each is immutable and swapped whole
/// (one volatile read per question). Requests never fill it; a snapshot that was never published answers "not known".
/// </summary>
internal sealed class ClusterFactsCache : IClusterFacts
{
    private sealed record NodeSnapshot(ImmutableDictionary<string, bool> Supports, bool AllSupport);

    private volatile NodeSnapshot? _nodes;
    private volatile ImmutableDictionary<string, NamespaceFacts>? _namespaces;

    /// <summary>Each node's native-sidecar support (<see cref="NativeSidecarSupport.KubeletSupports"/>) by name; null: not known.</summary>
    public void PublishNodes(ImmutableDictionary<string, bool>? supports) =>
        _nodes = supports is null ? null : new NodeSnapshot(supports, supports.Values.All(static s => s));

    /// <summary>Each namespace's facts by name; null: not known.</summary>
    public void PublishNamespaces(ImmutableDictionary<string, NamespaceFacts>? namespaces) => _namespaces = namespaces;

    public bool KnowsNodes => _nodes is not null;

    public bool KnowsNamespaces => _namespaces is not null;

    public bool? NativeSidecarsSupported(string nodeName)
    {
        var nodes = _nodes;
        return nodes is null ? null : NativeSidecarSupport.Detect(nodeName, nodes.Supports, nodes.AllSupport);
    }

    public NamespaceFacts? Namespace(string name) =>
        _namespaces is { } namespaces && namespaces.TryGetValue(name, out var facts) ? facts : null;
}
