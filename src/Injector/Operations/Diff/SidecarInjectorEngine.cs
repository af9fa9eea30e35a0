using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Injection;
using Injector.Revisions;
using Injector.Workloads;

namespace Injector.Operations.Diff;

/// <summary>
/// <see cref="IInjectionEngine"/> over the code the webhook runs: <see cref="RevisionLoader"/> loads each source once,
/// <see cref="SidecarInjector.Inject"/> writes the patch and <see cref="JsonPatchApplier"/> applies it, as kube-inject does.
/// </summary>
internal sealed class SidecarInjectorEngine : IInjectionEngine
{
    private readonly Dictionary<RevisionSource, CompiledRevision> _revisions = [];

    public InjectedPod Inject(JsonObject pod, RevisionSource revision)
    {
        var compiled = Load(revision);
        var patch = new ArrayBufferWriter<byte>();
        InjectionResult result;
        using (var document = JsonDocument.Parse(pod.ToJsonString()))
        {
            result = SidecarInjector.Inject(document.RootElement, new InjectionParameters(JsonFields.Namespace(pod)), compiled, patch);
        }
        switch (result.Outcome)
        {
            case InjectionOutcome.Skipped:
                return new InjectedPod(PodOutcome.Skipped, (JsonObject)pod.DeepClone(), result.Reason);
            case InjectionOutcome.Denied:
                return new InjectedPod(PodOutcome.Denied, (JsonObject)pod.DeepClone(), result.Reason);
        }
        var operations = JsonNode.Parse(patch.WrittenSpan) as JsonArray ?? throw new InvalidDataException("the injection patch is not a JSON array");
        var injected = JsonPatchApplier.Apply(pod.DeepClone(), operations) as JsonObject
            ?? throw new InvalidDataException("the injection patch replaced the pod with a non-object");
        return new InjectedPod(PodOutcome.Injected, injected, "");
    }

    private CompiledRevision Load(RevisionSource source)
    {
        if (!_revisions.TryGetValue(source, out var compiled))
        {
            var table = RevisionLoader.Load(source.ConfigPath, source.Revision);
            compiled = table.TryGet(source.Revision, out var named) ? named : table.Default;
            _revisions[source] = compiled;
        }
        return compiled;
    }
}
