using Injector.Webhooks;
using Injector.Istio;
using Injector.Selectors;

namespace Injector.Operations.CheckInject;

/// <summary>
/// Decides, as kube-apiserver would, which webhook entries are called for a pod CREATE: the rules must cover pod
/// CREATE, and the namespace selector (over the namespace's labels, which always include
/// <c>kubernetes.io/metadata.name</c>) and object selector (over the pod's labels) must both match.
/// </summary>
internal static class WebhookEvaluator
{
    public static InjectionCheck Evaluate(
        IReadOnlyList<WebhookConfiguration> configurations,
        string namespaceName,
        IReadOnlyDictionary<string, string> namespaceLabels,
        IReadOnlyDictionary<string, string> podLabels)
    {
        var effectiveNamespaceLabels = new Dictionary<string, string>(namespaceLabels, StringComparer.Ordinal)
        {
            // kube-apiserver sets this label on every namespace, and selectors commonly use it.
            [IstioNames.NamespaceNameLabel] = namespaceName,
        };
        var decisions = new List<WebhookDecision>();
        foreach (var configuration in configurations)
        {
            foreach (var webhook in configuration.Webhooks)
            {
                var (injected, reason) = Decide(webhook, namespaceName, effectiveNamespaceLabels, podLabels);
                decisions.Add(new WebhookDecision(webhook.Name, configuration.Name, configuration.Revision, configuration.Tag, injected, reason));
            }
        }
        return new InjectionCheck(decisions);
    }

    private static (bool Injected, string Reason) Decide(
        MutatingWebhook webhook, string namespaceName,
        IReadOnlyDictionary<string, string> namespaceLabels, IReadOnlyDictionary<string, string> podLabels)
    {
        if (!MatchesPodCreate(webhook.Rules))
        {
            return (false, "webhook rules do not cover pod CREATE");
        }
        if (SelectorExplainer.FirstMismatch(webhook.NamespaceSelector, namespaceLabels, SelectorExplainer.Scope.Namespace) is { } namespaceMiss)
        {
            return (false, namespaceMiss);
        }
        if (SelectorExplainer.FirstMismatch(webhook.ObjectSelector, podLabels, SelectorExplainer.Scope.Pod) is { } podMiss)
        {
            return (false, podMiss);
        }
        if (IstioNames.IsIgnoredNamespace(namespaceName))
        {
            return (false, "namespace " + namespaceName + " is never injected");
        }
        return (true, SelectorExplainer.WhyMatched(webhook.NamespaceSelector, namespaceLabels, webhook.ObjectSelector, podLabels));
    }

    private static bool MatchesPodCreate(IReadOnlyList<WebhookRule> rules)
    {
        foreach (var rule in rules)
        {
            if (rule.MatchesPodCreate()) return true;
        }
        return false;
    }
}
