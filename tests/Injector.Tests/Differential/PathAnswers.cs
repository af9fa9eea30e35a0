using Injector.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Admission;
using Injector.Injection;
using Injector.Rendering;
using Injector.Revisions;
using Injector.Tests.Parity;

namespace Injector.Tests.Differential;

/// <summary>What one path answers for a pod: allowed unchanged, refused, or the pod with its patch applied.</summary>
internal sealed record PathAnswer(string Kind, JsonNode? Pod, string Detail)
{
    public const string Skipped = "skipped";
    public const string Denied = "denied";
    public const string Injected = "injected";
}

/// <summary>
/// Both engines of a served revision over the same pod, each as the webhook calls it (the compiled writer over the
/// pod's JSON element; the renderer over its own copy, then the revision's forbidden-annotation guard), each patch
/// applied to the pod as sent by an independent RFC 6902 applier.
/// </summary>
internal static class PathAnswers
{
    public static PathAnswer Compiled(byte[] podJson, string @namespace, CompiledRevision compiled)
    {
        using var document = JsonTree.Parse(podJson);
        var patch = new System.Buffers.ArrayBufferWriter<byte>();
        var result = SidecarInjector.Inject(document.Root, new InjectionParameters(@namespace), compiled, patch);
        return result.Outcome switch
        {
            InjectionOutcome.Injected => new PathAnswer(PathAnswer.Injected, PatchApplier.Apply(JsonNode.Parse(podJson)!, patch.WrittenSpan), ""),
            InjectionOutcome.Denied => new PathAnswer(PathAnswer.Denied, null, result.Reason),
            _ => new PathAnswer(PathAnswer.Skipped, null, result.Reason),
        };
    }

    public static PathAnswer Rendered(byte[] podJson, string @namespace, ServedRevision revision)
    {
        if (JsonNode.Parse(podJson) is not JsonObject pod) return new PathAnswer(PathAnswer.Skipped, null, "not_pod");
        switch (revision.Rendered.Inject(pod, @namespace, RenderMode.Webhook))
        {
            case RenderOutcome.Injected injected:
                foreach (var key in revision.ForbiddenAnnotations)
                {
                    if (pod["metadata"]?["annotations"] is JsonObject annotations && annotations.ContainsKey(key))
                    {
                        return new PathAnswer(PathAnswer.Denied, null, "forbidden " + key);
                    }
                }
                return new PathAnswer(PathAnswer.Injected, PatchApplier.Apply(JsonNode.Parse(podJson)!, injected.JsonPatch), "");
            case RenderOutcome.Denied denied:
                return new PathAnswer(PathAnswer.Denied, null, denied.Message);
            case RenderOutcome.Skipped skipped:
                return new PathAnswer(PathAnswer.Skipped, null, skipped.Reason);
            default:
                throw new InvalidOperationException("unknown render outcome");
        }
    }

    /// <summary>Null when the answers agree (same kind; injected pods equal as trees under the goldens' dropping
    /// rules); else what differs first.</summary>
    public static string? Difference(PathAnswer compiled, PathAnswer rendered)
    {
        if (compiled.Kind != rendered.Kind)
        {
            return "compiled " + compiled.Kind + " (" + compiled.Detail + "), rendered " + rendered.Kind + " (" + rendered.Detail + ")";
        }
        if (compiled.Kind != PathAnswer.Injected) return null;
        return JsonComparison.FirstDifference(JsonComparison.Normalize(rendered.Pod), JsonComparison.Normalize(compiled.Pod));
    }

    /// <summary>Whether the webhook would answer this pod on the compiled path.</summary>
    public static bool Covered(byte[] podJson, string @namespace, CompiledRevision compiled)
    {
        using var document = JsonTree.Parse(podJson);
        return CompiledCoverage.CoversPod(document.Root, new AdmissionRoute(), compiled, @namespace);
    }
}
