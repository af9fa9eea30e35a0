namespace Injector.Operations.CheckInject;

/// <summary>Every webhook's decision for one pod. More than one injecting webhook is Istio's IST0139 conflict.</summary>
internal sealed record InjectionCheck(IReadOnlyList<WebhookDecision> Decisions)
{
    public IReadOnlyList<WebhookDecision> Injecting => [.. Decisions.Where(d => d.Injected)];

    public bool HasConflict => Injecting.Count > 1;

    public string ConflictMessage =>
        "[IST0139] the pod is selected by more than one injecting webhook ("
        + string.Join(", ", Injecting.Select(d => d.Configuration + "/" + d.Webhook))
        + "); it would get one sidecar per webhook. Fix the namespace or pod labels so only one revision selects it.";
}
