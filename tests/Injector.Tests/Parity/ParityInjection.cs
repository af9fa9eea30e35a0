using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Admission;
using Injector.Injection;
using Injector.Revisions;
using Injector.Tests.Support;

namespace Injector.Tests.Parity;

/// <summary>
/// The one seam through which parity tests send a pod: (pod JSON, namespace) → patch bytes, or null when skipped.
/// It goes through <see cref="AdmissionHandler.Handle"/>, the webhook's entry point below HTTP.
/// </summary>
internal static class ParityInjection
{
    public delegate byte[]? SendPod(ReadOnlyMemory<byte> podJson, string @namespace);

    /// <summary>The revision of Istio's test settings (tests/parity/istio-testing.yaml), served as the webhook serves it.</summary>
    public static RevisionTable Table { get; } = RevisionLoader.Load(Path.Combine(TestPaths.RepoRoot, "tests", "parity", "istio-testing.yaml"), null);

    /// <summary>Its compiled form (the fast path's view of the same settings).</summary>
    public static CompiledRevision Revision => Table.Default.Compiled!;

    /// <summary>
    /// Sends the pod the way the API server does: an admission.k8s.io/v1 AdmissionReview (CREATE) through the webhook's
    /// HTTP-free entry point; returns the decoded JSON Patch, or null when the pod is allowed unchanged.
    /// </summary>
    public static SendPod Send { get; } = (podJson, ns) =>
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = new JsonObject
            {
                ["uid"] = "00000000-0000-0000-0000-000000000001",
                ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
                ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
                ["namespace"] = ns,
                ["operation"] = "CREATE",
                ["object"] = JsonNode.Parse(podJson.Span),
                ["dryRun"] = false,
            },
        };
        var response = new ArrayBufferWriter<byte>();
        var result = AdmissionHandler.Handle(new ReadOnlySequence<byte>(JsonSerializer.SerializeToUtf8Bytes(review)), new AdmissionRoute(), Table, response);
        var answer = JsonNode.Parse(response.WrittenSpan)!["response"]!;
        if (result.Outcome == AdmissionOutcome.Denied || !(bool)answer["allowed"]!)
        {
            throw new InvalidOperationException("denied: " + answer["status"]?.ToJsonString());
        }
        return answer["patch"] is { } patch ? Convert.FromBase64String((string)patch!) : null;
    };

    /// <summary>Sends the pod and applies the answer; a skip leaves the pod as it was.</summary>
    public static JsonNode InjectAndApply(JsonNode pod, string @namespace)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(pod);
        var patch = Send(bytes, @namespace);
        return patch is null ? pod.DeepClone() : PatchApplier.Apply(pod, patch);
    }
}
