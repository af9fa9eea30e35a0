namespace Injector.Operations.Census;

/// <summary>
/// Running pods grouped by the control plane their proxy is attached to (<see cref="ProxyControlPlane"/>): after a
/// migration, pods still on the old istiod show up under its address until they restart.
/// </summary>
internal sealed record ControlPlaneSummary(string Address, int Pods, IReadOnlyList<string> Revisions, IReadOnlyList<string> Namespaces)
{
    /// <summary>One row per address, sorted; revisions are the pods' <c>sidecar.istio.io/status</c> revisions (<c>-</c> when none).</summary>
    public static IReadOnlyList<ControlPlaneSummary> Group(IEnumerable<(string Address, string? Revision, string Namespace)> pods)
    {
        var groups = new SortedDictionary<string, (int Pods, SortedSet<string> Revisions, SortedSet<string> Namespaces)>(StringComparer.Ordinal);
        foreach (var (address, revision, ns) in pods)
        {
            if (!groups.TryGetValue(address, out var group))
            {
                group = (0, new SortedSet<string>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal));
            }
            group.Revisions.Add(revision ?? "-");
            group.Namespaces.Add(ns);
            groups[address] = (group.Pods + 1, group.Revisions, group.Namespaces);
        }
        var result = new List<ControlPlaneSummary>(groups.Count);
        foreach (var (address, group) in groups) result.Add(new ControlPlaneSummary(address, group.Pods, [.. group.Revisions], [.. group.Namespaces]));
        return result;
    }
}
