using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Injection;
using Injector.Revisions;
using Injector.Tests.Support;

namespace Injector.Tests.Parity;

/// <summary>
/// The one seam through which parity tests send a pod: (pod JSON, namespace) → patch bytes, or null when skipped.
/// Today it calls <see cref="SidecarInjector.Inject"/>; switch <see cref="Send"/> to the AdmissionReview handler
/// when that lands.
/// </summary>
internal static class ParityInjection
{
    public delegate byte[]? SendPod(ReadOnlyMemory<byte> podJson, string @namespace);

    public static CompiledRevision Revision { get; } = CompiledRevision.Compile(
        RevisionConfigParser.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "parity", "istio-testing.yaml"))));

    public static SendPod Send { get; } = (podJson, ns) =>
    {
        using var doc = JsonDocument.Parse(podJson);
        var patch = new ArrayBufferWriter<byte>();
        var result = SidecarInjector.Inject(doc.RootElement, new InjectionParameters(ns), Revision, patch);
        return result.Outcome switch
        {
            InjectionOutcome.Injected => patch.WrittenSpan.ToArray(),
            InjectionOutcome.Skipped => null,
            _ => throw new InvalidOperationException("denied: " + result.Reason),
        };
    };

    /// <summary>Sends the pod and applies the answer; a skip leaves the pod as it was.</summary>
    public static JsonNode InjectAndApply(JsonNode pod, string @namespace)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(pod);
        var patch = Send(bytes, @namespace);
        return patch is null ? pod.DeepClone() : PatchApplier.Apply(pod, patch);
    }
}
