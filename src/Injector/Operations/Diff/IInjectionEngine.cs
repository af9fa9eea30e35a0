using System.Text.Json.Nodes;

namespace Injector.Operations.Diff;

/// <summary>
/// A revision as <c>diff</c> names it (its own config source, see <c>--from-config</c>/<c>--to-config</c>): a revision config file or
/// directory (<see cref="ConfigPath"/>), or the embedded default when null; <see cref="Revision"/> picks the revision.
/// </summary>
internal sealed record DiffRevision(string Revision, string? ConfigPath);

internal enum PodOutcome
{
    Injected,
    Skipped,
    Denied,
}

/// <summary>A pod after injection: the injected pod, or the pod unchanged with why it was skipped or denied.</summary>
internal sealed record InjectedPod(PodOutcome Outcome, JsonObject Pod, string Reason);

/// <summary>
/// The seam between <c>injector diff</c> and the injection engine: a pod and a revision source in, the pod as the
/// webhook would leave it out. Today <see cref="SidecarInjectorEngine"/> (the webhook's and kube-inject's own code);
/// the revision model being rewritten replaces that implementation, not its callers.
/// </summary>
internal interface IInjectionEngine
{
    /// <summary>Throws <see cref="InvalidDataException"/> when the revision source cannot be loaded.</summary>
    InjectedPod Inject(JsonObject pod, DiffRevision revision);
}
