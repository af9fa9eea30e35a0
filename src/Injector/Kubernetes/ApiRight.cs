namespace Injector.Kubernetes;

/// <summary>
/// One right a component's own identity needs on the API server, stated next to the code that makes the calls so the
/// manifests grant exactly that (<c>Install/Manifests/RbacObjects</c> renders RBAC rules from these; a test replays
/// the calls against the rendered rules and fails on any call not covered and any right no call uses).
/// </summary>
/// <param name="ApiGroup">The API group (<c>""</c> for the core group).</param>
/// <param name="Resource">The resource's plural name.</param>
/// <param name="Verbs">RBAC verbs (get, list, watch, create, update, patch, delete).</param>
/// <param name="Why">The calls that need it, written into the manifest as a comment.</param>
internal sealed record ApiRight(string ApiGroup, string Resource, IReadOnlyList<string> Verbs, string Why)
{
    /// <summary>The namespace the right is limited to (a Role); null for cluster-scoped resources (a ClusterRole).</summary>
    public string? Namespace { get; init; }

    /// <summary>The only objects it applies to; empty when the names are not known in advance.</summary>
    public IReadOnlyList<string> ResourceNames { get; init; } = [];
}
