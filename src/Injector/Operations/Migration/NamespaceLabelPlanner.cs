using Injector.Istio;
using Injector.Common;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Operations.Migration;

/// <summary>
/// The label arithmetic behind migrate and rollback. Migrate drops <c>istio-injection</c>, sets <c>istio.io/rev</c>
/// and remembers both labels as they were in an annotation, so rollback can restore them exactly (including absence).
/// </summary>
internal static class NamespaceLabelPlanner
{
    public const string PreviousLabelsAnnotation = "injector.io/previous-injection-labels";

    /// <summary>The labels that choose a namespace's injector; the only ones migrate and rollback touch.</summary>
    private static readonly string[] InjectionKeys = [IstioNames.InjectionLabel, IstioNames.RevisionLabel];

    public static NamespaceLabelChange PlanMigration(
        string ns, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, string target)
    {
        var changes = new List<KeyValuePair<string, string?>>();
        if (labels.ContainsKey(IstioNames.InjectionLabel))
        {
            changes.Add(new(IstioNames.InjectionLabel, null));
        }
        if (!labels.TryGetValue(IstioNames.RevisionLabel, out var current) || current != target)
        {
            changes.Add(new(IstioNames.RevisionLabel, target));
        }
        if (changes.Count == 0)
        {
            // Already there: keep the remembered labels so a later rollback still returns to where we came from.
            return new NamespaceLabelChange(ns, labels, changes, null);
        }
        return new NamespaceLabelChange(ns, labels, changes, new(PreviousLabelsAnnotation, Remember(labels)));
    }

    public static NamespaceLabelChange PlanRollback(
        string ns, IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations)
    {
        if (!annotations.TryGetValue(PreviousLabelsAnnotation, out var remembered))
        {
            throw CommandException.Failure("namespace " + ns + " has no " + PreviousLabelsAnnotation
                + " annotation: it was not changed by `injector migrate`, nothing to roll back");
        }
        var previous = Recall(ns, remembered);
        var changes = new List<KeyValuePair<string, string?>>();
        foreach (var key in InjectionKeys)
        {
            var had = labels.TryGetValue(key, out var now);
            if (previous.TryGetValue(key, out var then))
            {
                if (!had || now != then) changes.Add(new(key, then));
            }
            else if (had)
            {
                changes.Add(new(key, null));
            }
        }
        return new NamespaceLabelChange(ns, labels, changes, new(PreviousLabelsAnnotation, null));
    }

    /// <summary>The injection labels as they are now, as a JSON object; an absent label is simply not in it.</summary>
    public static string Remember(IReadOnlyDictionary<string, string> labels)
    {
        var snapshot = new JsonObject();
        foreach (var key in InjectionKeys)
        {
            if (labels.TryGetValue(key, out var value)) snapshot[key] = value;
        }
        return snapshot.ToJsonString();
    }

    private static Dictionary<string, string> Recall(string ns, string remembered)
    {
        try
        {
            if (JsonNode.Parse(remembered) is JsonObject o)
            {
                return new Dictionary<string, string>(JsonFields.StringMap(o), StringComparer.Ordinal);
            }
        }
        catch (JsonException)
        {
            // Reported below with the annotation's text.
        }
        throw CommandException.Failure("namespace " + ns + ": annotation " + PreviousLabelsAnnotation
            + " is not a JSON object of labels (" + remembered + "); fix or remove it and set the labels by hand");
    }
}
