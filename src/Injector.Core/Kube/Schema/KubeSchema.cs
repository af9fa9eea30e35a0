using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Injector.Kube.Schema;

/// <summary>
/// The Kubernetes object model the rendered injection path works on: every type reachable from <c>core/v1.Pod</c>,
/// <c>metav1.TypeMeta</c> and <c>types.NamespacedName</c> at k8s.io/api and k8s.io/apimachinery v0.36.1 (what Istio
/// builds with). Read once from the generated table on first use; immutable and shared.
/// </summary>
internal static class KubeSchema
{
    private static readonly FrozenDictionary<string, KubeType> Types = KubeSchemaReader.Read(KubeSchemaTable.Text).ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary><c>v1.Pod</c>.</summary>
    public static KubeType Pod { get; } = Types["core.Pod"];

    /// <summary><c>v1.PodSpec</c>.</summary>
    public static KubeType PodSpec { get; } = Types["core.PodSpec"];

    /// <summary><c>v1.Container</c>.</summary>
    public static KubeType Container { get; } = Types["core.Container"];

    /// <summary><c>v1.ObjectMeta</c> (metav1).</summary>
    public static KubeType ObjectMeta { get; } = Types["meta.ObjectMeta"];

    /// <summary><c>v1.TypeMeta</c> (metav1).</summary>
    public static KubeType TypeMeta { get; } = Types["meta.TypeMeta"];

    /// <summary><c>types.NamespacedName</c> (Istio's <c>DeploymentMeta</c>).</summary>
    public static KubeType NamespacedName { get; } = Types["types.NamespacedName"];

    /// <summary>A type by table id (<c>core.Volume</c>, <c>meta.OwnerReference</c>, <c>[]core.Container</c>,
    /// <c>string</c>).</summary>
    public static bool TryGetType(string id, [NotNullWhen(true)] out KubeType? type) => Types.TryGetValue(id, out type);

    /// <summary>Every declared struct and named type (for tests and tools).</summary>
    public static IEnumerable<KubeType> AllTypes => Types.Values;
}
