namespace Injector.Operations.CheckInject;

/// <summary>Whether kube-apiserver would send the pod to one webhook, and why, in words an operator can act on.</summary>
internal sealed record WebhookDecision(
    string Webhook,
    string Configuration,
    string? Revision,
    string? Tag,
    bool Injected,
    string Reason);
