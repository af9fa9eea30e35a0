using Injector.Istio;
using Injector.Selectors;

namespace Injector.Webhooks;

/// <summary>
/// The label selectors of Istio's revisioned injection webhooks, with the same keys, operators and order as
/// Istio's chart, so namespaces and pods select revisions exactly as they do with istiod.
/// </summary>
internal static class WebhookSelectors
{
    private const string RevisionLabel = IstioNames.RevisionLabel;
    private const string LegacyInjectionLabel = IstioNames.InjectionLabel;
    private const string PodInjectLabel = IstioNames.PodInjectLabel;

    /// <summary>Namespaces that never get a webhook call: blocking their pods could wedge the cluster or the injector.
    /// The Kubernetes-owned part of <see cref="IstioNames.IgnoredNamespaces"/> (local-path-storage is a kind add-on:
    /// its pods reach the webhook and are skipped by the decision, as with istiod).</summary>
    public static readonly IReadOnlyList<string> ClusterNamespaces = ["kube-system", "kube-public", "kube-node-lease"];

    /// <summary><c>rev.namespace.</c>: the namespace is labelled <c>istio.io/rev=R</c> (and not with the legacy label).</summary>
    public static LabelSelector RevisionNamespace(string revisionOrTag) => Expressions(
        In(RevisionLabel, revisionOrTag),
        DoesNotExist(LegacyInjectionLabel));

    /// <summary><c>rev.object.</c>: the namespace has no injection label at all, the pod is labelled <c>istio.io/rev=R</c>.</summary>
    public static LabelSelector RevisionObjectNamespace() => Expressions(
        DoesNotExist(RevisionLabel),
        DoesNotExist(LegacyInjectionLabel));

    public static LabelSelector RevisionObject(string revisionOrTag) => Expressions(
        NotIn(PodInjectLabel, "false"),
        In(RevisionLabel, revisionOrTag));

    /// <summary>Pods that did not opt out: the object selector of <c>rev.namespace.</c> and <c>namespace.</c>.</summary>
    public static LabelSelector NotOptedOut() => Expressions(NotIn(PodInjectLabel, "false"));

    /// <summary><c>namespace.</c> (default revision only): the legacy <c>istio-injection=enabled</c> namespace label.</summary>
    public static LabelSelector DefaultNamespace() => Expressions(In(LegacyInjectionLabel, IstioNames.InjectionEnabled));

    /// <summary><c>object.</c> (default revision only): an unlabelled namespace and a pod labelled <c>sidecar.istio.io/inject=true</c>.</summary>
    public static LabelSelector DefaultObjectNamespace() => Expressions(
        DoesNotExist(LegacyInjectionLabel),
        DoesNotExist(RevisionLabel));

    public static LabelSelector DefaultObject() => Expressions(
        In(PodInjectLabel, "true"),
        DoesNotExist(RevisionLabel));

    /// <summary>
    /// Istio's selector for a deactivated default webhook: no object carries this label, so the entry never fires,
    /// yet it stays in place and a re-tag brings it back.
    /// </summary>
    public static LabelSelector NeverMatch() => new()
    {
        MatchLabels = new Dictionary<string, string> { [IstioNames.DeactivatedLabel] = IstioNames.NeverMatch },
    };

    /// <summary>Appends <c>kubernetes.io/metadata.name NotIn [...]</c> to a namespace selector.</summary>
    public static LabelSelector ExcludingNamespaces(LabelSelector selector, IReadOnlyList<string> namespaces)
    {
        if (namespaces.Count == 0) return selector;
        (selector.MatchExpressions ??= []).Add(new LabelSelectorRequirement
        {
            Key = IstioNames.NamespaceNameLabel,
            Operator = "NotIn",
            Values = [.. namespaces],
        });
        return selector;
    }

    public static bool IsNeverMatch(LabelSelector? selector) =>
        selector?.MatchLabels is { } labels && labels.TryGetValue(IstioNames.DeactivatedLabel, out var v) && v == IstioNames.NeverMatch;

    /// <summary>The values of a namespace selector's <c>kubernetes.io/metadata.name NotIn [...]</c>, or null without one.</summary>
    public static IReadOnlyList<string>? ExcludedNamespacesOf(LabelSelector? selector)
    {
        foreach (var r in selector?.MatchExpressions ?? [])
        {
            if (r.Key == IstioNames.NamespaceNameLabel && r.Operator == "NotIn" && r.Values is { } values) return [.. values];
        }
        return null;
    }

    private static LabelSelector Expressions(params LabelSelectorRequirement[] requirements) => new() { MatchExpressions = [.. requirements] };

    private static LabelSelectorRequirement In(string key, string value) => new() { Key = key, Operator = "In", Values = [value] };

    private static LabelSelectorRequirement NotIn(string key, string value) => new() { Key = key, Operator = "NotIn", Values = [value] };

    private static LabelSelectorRequirement DoesNotExist(string key) => new() { Key = key, Operator = "DoesNotExist" };
}
