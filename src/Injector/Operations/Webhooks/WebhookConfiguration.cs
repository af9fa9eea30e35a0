namespace Injector.Operations.Webhooks;

/// <summary>
/// The parts of a MutatingWebhookConfiguration that decide which pods it injects: our own small model, read from
/// API JSON, offline YAML or the KubernetesClient model (<see cref="WebhookConfigurationReader"/>).
/// </summary>
internal sealed record WebhookConfiguration(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<MutatingWebhook> Webhooks)
{
    /// <summary>The revision this configuration serves: its <c>istio.io/rev</c> label, else the service name.</summary>
    public string? Revision =>
        Labels.TryGetValue(InjectionLabels.Revision, out var rev) && rev.Length > 0 ? rev : RevisionFromServices();

    /// <summary>The tag this configuration implements (<c>istio.io/tag</c>), or null for a revision's own configuration.</summary>
    public string? Tag => Labels.TryGetValue(InjectionLabels.Tag, out var tag) && tag.Length > 0 ? tag : null;

    private string? RevisionFromServices()
    {
        foreach (var webhook in Webhooks)
        {
            if (InjectionLabels.RevisionFromServiceName(webhook.ServiceName) is { } revision) return revision;
        }
        return null;
    }
}
