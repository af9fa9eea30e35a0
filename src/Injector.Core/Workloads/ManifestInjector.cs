using Injector.Json;
using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Injection;

namespace Injector.Workloads;

/// <summary>
/// kube-inject's core: for every workload document (and every item of a <c>kind: List</c>) builds the pod the API
/// server would send, runs the same injection as <c>/inject</c>, applies the returned patch and writes the pod back
/// into the workload's template. Other documents pass through untouched.
/// </summary>
internal sealed class ManifestInjector
{
    private readonly CompiledRevision _revision;
    private readonly PodInjection _injection;

    public ManifestInjector(CompiledRevision revision, PodInjection? injection = null)
    {
        _revision = revision;
        _injection = injection ?? SidecarInjector.Inject;
    }

    /// <summary>Injects in place and returns the same documents. A patch that does not apply throws <see cref="InvalidDataException"/>.</summary>
    public ManifestInjectionResult Inject(List<JsonNode> documents)
    {
        var denials = new List<string>();
        var injected = 0;
        foreach (var document in documents)
        {
            if (KubernetesList.IsList(document))
            {
                foreach (var item in KubernetesList.Items(document))
                {
                    if (item is not null) injected += InjectWorkload(item, denials);
                }
            }
            else
            {
                injected += InjectWorkload(document, denials);
            }
        }
        return new ManifestInjectionResult(documents, denials, injected);
    }

    private int InjectWorkload(JsonNode document, List<string> denials)
    {
        if (!PodTemplateLocator.TryLocate(document, out var kind, out var template)) return 0;

        var workloadPod = WorkloadPod.Build((JsonObject)document, kind, template);
        var parameters = new InjectionParameters(workloadPod.Namespace);
        var patch = new ArrayBufferWriter<byte>();
        InjectionResult result;
        using (var pod = JsonTree.Parse(ToUtf8(workloadPod.Pod)))
        {
            result = _injection(pod.Root, parameters, _revision, patch);
        }

        switch (result.Outcome)
        {
            case InjectionOutcome.Denied:
                denials.Add(Describe(document, kind, workloadPod.Namespace) + ": " + result.Reason);
                return 0;
            case InjectionOutcome.Skipped:
                return 0;
        }

        try
        {
            var operations = JsonNode.Parse(patch.WrittenSpan) as JsonArray
                ?? throw new InvalidDataException("the patch is not a JSON array");
            var patched = JsonPatchApplier.Apply(workloadPod.Pod, operations) as JsonObject
                ?? throw new InvalidDataException("the patch replaced the pod with a non-object");
            workloadPod.WriteBack(patched);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException)
        {
            throw new InvalidDataException(Describe(document, kind, workloadPod.Namespace) + ": " + ex.Message, ex);
        }
        return 1;
    }

    private static byte[] ToUtf8(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) node.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static string Describe(JsonNode document, WorkloadKind kind, string @namespace) =>
        kind + " " + @namespace + "/" + (PodTemplateLocator.StringAt(document["metadata"], "name") ?? "(unnamed)");
}
