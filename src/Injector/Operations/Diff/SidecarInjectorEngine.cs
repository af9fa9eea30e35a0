using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Rendering;
using Injector.Revisions;

namespace Injector.Operations.Diff;

/// <summary>
/// <see cref="IInjectionEngine"/> over the model the webhook serves: <see cref="RevisionLoader"/> loads each source once
/// and Istio's algorithm (<see cref="RenderedInjector"/>, the engine every pod can take) injects, as kube-inject does.
/// </summary>
internal sealed class SidecarInjectorEngine : IInjectionEngine
{
    private readonly Dictionary<DiffRevision, ServedRevision> _revisions = [];

    public InjectedPod Inject(JsonObject pod, DiffRevision revision)
    {
        var served = Load(revision);
        var original = (JsonObject)pod.DeepClone();
        return served.Rendered.Inject((JsonObject)pod.DeepClone(), JsonFields.Namespace(pod) ?? "default", RenderMode.Webhook) switch
        {
            RenderOutcome.Injected injected => new InjectedPod(PodOutcome.Injected, injected.Pod, ""),
            RenderOutcome.Denied denied => new InjectedPod(PodOutcome.Denied, original, denied.Message),
            RenderOutcome.Skipped skipped => new InjectedPod(PodOutcome.Skipped, original, skipped.Reason),
            var other => throw new InvalidOperationException("unknown render outcome " + other.GetType().Name),
        };
    }

    private ServedRevision Load(DiffRevision source)
    {
        if (!_revisions.TryGetValue(source, out var served))
        {
            var table = RevisionLoader.Load(source.ConfigPath, source.Revision);
            served = table.TryGet(source.Revision, out var named) ? named : table.Default;
            _revisions[source] = served;
        }
        return served;
    }
}
