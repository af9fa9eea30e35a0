using Injector.Webhooks;
using Injector.Istio;
using Injector.Common;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Operations.Census;

/// <summary>
/// Which revision each namespace selects and which revision injected each running pod: the census that shows when
/// an old revision has nothing left and can be removed. Pure; the command fetches the inputs.
/// </summary>
internal static class RevisionCensus
{
    /// <summary>The revision a namespace's labels select, or null (none, or <c>istio-injection=disabled</c>).</summary>
    public static string? NamespaceRevision(RevisionCatalog catalog, IReadOnlyDictionary<string, string> labels)
    {
        // istio-injection beats istio.io/rev: every revisioned webhook requires istio-injection to be absent.
        if (labels.TryGetValue(IstioNames.InjectionLabel, out var legacy))
        {
            return legacy == "enabled" ? catalog.Resolve(IstioNames.DefaultRevision) ?? IstioNames.DefaultRevision : null;
        }
        if (labels.TryGetValue(IstioNames.RevisionLabel, out var name) && name.Length > 0)
        {
            return catalog.Resolve(name) ?? name;
        }
        return null;
    }

    /// <summary>The <c>revision</c> field of a pod's <c>sidecar.istio.io/status</c> annotation, or null if not injected.</summary>
    public static string? PodRevision(IReadOnlyDictionary<string, string> annotations)
    {
        if (!annotations.TryGetValue(IstioNames.StatusAnnotation, out var status)) return null;
        try
        {
            return JsonNode.Parse(status) is JsonObject o && JsonFields.String(o["revision"]) is { Length: > 0 } r ? r : IstioNames.DefaultRevision;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IReadOnlyList<RevisionSummary> Build(
        RevisionCatalog catalog,
        IEnumerable<(string Name, IReadOnlyDictionary<string, string> Labels)> namespaces,
        IEnumerable<string> podRevisions,
        IReadOnlyDictionary<string, bool> readiness)
    {
        var namespacesByRevision = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        var podsByRevision = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var revision in catalog.Revisions) namespacesByRevision[revision] = [];
        foreach (var (name, labels) in namespaces)
        {
            if (NamespaceRevision(catalog, labels) is not { } revision) continue;
            if (!namespacesByRevision.TryGetValue(revision, out var list)) namespacesByRevision[revision] = list = [];
            list.Add(name);
        }
        foreach (var revision in podRevisions)
        {
            podsByRevision[revision] = podsByRevision.GetValueOrDefault(revision) + 1;
            namespacesByRevision.TryAdd(revision, []);
        }
        var summaries = new List<RevisionSummary>();
        foreach (var (revision, names) in namespacesByRevision)
        {
            var tags = catalog.Tags.Where(t => t.Value == revision).Select(t => t.Key).ToList();
            names.Sort(StringComparer.Ordinal);
            summaries.Add(new RevisionSummary(
                revision, tags, catalog.Revisions.Contains(revision), readiness.GetValueOrDefault(revision),
                names, podsByRevision.GetValueOrDefault(revision)));
        }
        return summaries;
    }
}
