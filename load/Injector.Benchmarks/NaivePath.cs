using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Benchmarks;

/// <summary>
/// The naive baseline, what most injectors do: parse the whole review into a DOM, copy the pod, add the sidecar to
/// the copy, diff the two documents into a JSON Patch, answer. Same response envelope as <see cref="TemplatePath"/>.
/// </summary>
internal sealed class NaivePath
{
    private readonly NaiveSidecar _sidecar = new();
    private readonly ArrayBufferWriter<byte> _patch = new(16 * 1024);

    public ReadOnlySpan<byte> LastPatch => _patch.WrittenSpan;

    /// <summary>For the one-off check in setup: the pod as sent and as injected by the last call.</summary>
    public (JsonNode Pod, JsonNode Injected) LastDocuments { get; private set; }

    public void Handle(byte[] review, ArrayBufferWriter<byte> response)
    {
        _patch.ResetWrittenCount();
        var root = JsonNode.Parse(review)!.AsObject();
        var request = root["request"]!.AsObject();
        var pod = request["object"]!.AsObject();
        var injected = pod.DeepClone().AsObject();
        _sidecar.Apply(injected);
        using (var patchWriter = new Utf8JsonWriter(_patch))
        {
            JsonPatchDiff.Write(patchWriter, pod, injected);
        }

        LastDocuments = (pod, injected);

        using var writer = new Utf8JsonWriter(response);
        ReviewResponse.Write(writer, root["apiVersion"]!.GetValue<string>(), request["uid"]!.GetValue<string>(),
            allowed: true, _patch.WrittenSpan, denial: null);
    }
}
