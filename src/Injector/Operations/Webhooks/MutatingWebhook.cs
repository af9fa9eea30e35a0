using Injector.Selectors;

namespace Injector.Operations.Webhooks;

/// <summary>One <c>webhooks[]</c> entry. A null selector matches everything, as in kube-apiserver.</summary>
internal sealed record MutatingWebhook(
    string Name,
    LabelSelector? NamespaceSelector,
    LabelSelector? ObjectSelector,
    IReadOnlyList<WebhookRule> Rules,
    string? ServiceName,
    string? ServiceNamespace,
    string? CaBundle);
