using System.Text.Json.Nodes;
using Injector.Istio;

namespace Injector.Webhooks;

/// <summary>
/// A MutatingWebhookConfiguration: the one model every command uses, whether it builds one (<c>manifest</c>,
/// <c>tag</c>), reads them from the cluster or a file (<c>check-inject</c>, <c>revision list</c>, <c>migrate</c>) or
/// rewrites one (<c>tag set default</c> deactivates entries). <see cref="WebhookJson"/> reads and writes it.
/// </summary>
internal sealed record WebhookConfiguration(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<MutatingWebhook> Webhooks)
{
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The version it was read at (a replace carries it, so a concurrent change is refused, not lost).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>
    /// The object exactly as read, when it was read: a rewrite edits a copy of it, so fields this model does not hold
    /// (matchConditions, managedFields, owner references...) survive.
    /// </summary>
    public JsonObject? Source { get; init; }

    /// <summary>The revision this configuration serves: its <c>istio.io/rev</c> label, else the service name.</summary>
    public string? Revision =>
        Labels.TryGetValue(IstioNames.RevisionLabel, out var rev) && rev.Length > 0 ? rev : RevisionFromServices();

    /// <summary>The tag this configuration implements (<c>istio.io/tag</c>), or null for a revision's own configuration.</summary>
    public string? Tag => Labels.TryGetValue(IstioNames.TagLabel, out var tag) && tag.Length > 0 ? tag : null;

    public bool IsTag => Tag is not null;

    private string? RevisionFromServices()
    {
        foreach (var webhook in Webhooks)
        {
            if (IstioNames.RevisionFromServiceName(webhook.ClientConfig.Service?.Name) is { } revision) return revision;
        }
        return null;
    }
}
