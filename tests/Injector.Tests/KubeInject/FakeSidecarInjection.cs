using Injector.Json;
using System.Buffers;
using System.Text.Json;
using Injector.Injection;

namespace Injector.Tests.KubeInject;

/// <summary>
/// A test-only stand-in for <see cref="SidecarInjector.Inject"/> while the engine is a placeholder. It decides like
/// an injector would (deny on <c>fake/deny</c>, skip on <c>sidecar.istio.io/inject: "false"</c>) and writes a real
/// RFC 6902 patch that depends on what the pod carries: the owner it names, the namespace, existing annotations.
/// </summary>
internal sealed class FakeSidecarInjection
{
    public List<string> SeenNamespaces { get; } = [];

    public InjectionResult Inject(JsonTreeElement pod, in InjectionParameters parameters, CompiledRevision revision, IBufferWriter<byte> patch)
    {
        SeenNamespaces.Add(parameters.Namespace);
        var metadata = pod.GetProperty("metadata");
        var annotations = metadata.TryGetProperty("annotations", out var a) ? a : default;
        if (annotations.ValueKind == JsonValueKind.Object && annotations.TryGetProperty("fake/deny", out var why))
        {
            return InjectionResult.Denied(why.GetString()!);
        }
        if (annotations.ValueKind == JsonValueKind.Object && annotations.TryGetProperty("sidecar.istio.io/inject", out var inject) && inject.GetString() == "false")
        {
            return InjectionResult.Skipped("annotation");
        }

        // The workload, as the engine derives it: owner name, minus the ReplicaSet hash.
        var owner = "pod/" + (metadata.TryGetProperty("name", out var n) ? n.GetString() : "?");
        if (metadata.TryGetProperty("ownerReferences", out var refs))
        {
            var first = refs.EnumerateArray().First();
            owner = first.GetProperty("kind").GetString() + "/" + first.GetProperty("name").GetString();
        }

        var @namespace = parameters.Namespace;
        using var writer = new Utf8JsonWriter(patch);
        writer.WriteStartArray();
        if (annotations.ValueKind != JsonValueKind.Object)
        {
            WriteOp(writer, "add", "/metadata/annotations", static w => { w.WriteStartObject(); w.WriteEndObject(); });
        }
        WriteOp(writer, "add", "/metadata/annotations/sidecar.istio.io~1status", w => w.WriteStringValue("{\"revision\":\"" + revision.Name + "\"}"));
        WriteOp(writer, "add", "/spec/containers/-", w =>
        {
            w.WriteStartObject();
            w.WriteString("name", "istio-proxy");
            w.WriteString("image", revision.Config.Hub + "/" + revision.Config.Image + ":" + revision.Config.Tag);
            w.WriteStartArray("env");
            w.WriteStartObject(); w.WriteString("name", "OWNER"); w.WriteString("value", owner); w.WriteEndObject();
            w.WriteStartObject(); w.WriteString("name", "NAMESPACE"); w.WriteString("value", @namespace); w.WriteEndObject();
            w.WriteStartObject(); w.WriteString("name", "PORTS"); w.WriteString("value", "[\n  80\n]\n"); w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
        writer.WriteEndArray();
        return InjectionResult.Injected();
    }

    private static void WriteOp(Utf8JsonWriter writer, string op, string path, Action<Utf8JsonWriter> value)
    {
        writer.WriteStartObject();
        writer.WriteString("op", op);
        writer.WriteString("path", path);
        writer.WritePropertyName("value");
        value(writer);
        writer.WriteEndObject();
    }
}
