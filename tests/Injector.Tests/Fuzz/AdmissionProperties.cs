using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Admission;
using Injector.Revisions;
using Injector.Tests.Admission;
using Injector.Tests.Parity;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Injector.Tests.Fuzz;

/// <summary>
/// What must hold for any AdmissionReview sent to <see cref="AdmissionHandler.Handle"/>: no exception; the answer is
/// an AdmissionReview echoing the uid; a patch applies (ASP.NET Core's RFC 6902 applier) to the object as sent and
/// keeps a valid pod valid; injecting the result again changes nothing. Throws <see cref="FuzzFailure"/> otherwise.
/// </summary>
internal static class AdmissionProperties
{
    /// <param name="strict">Also require that a valid pod stays valid and that injecting again changes nothing.</param>
    /// <remarks>
    /// Cheap on purpose (the long run checks a million inputs): the review is serialised once per request straight to
    /// UTF-8, and the patch is applied in place to <c>request.object</c>, which turns the review into the request for
    /// the second injection without copying it. Only a failure pays for re-parsing and tree comparison.
    /// </remarks>
    public static void Check(JsonObject review, RevisionTable table, int chunkSize = 0, bool strict = true)
    {
        var body = Serialize(review);
        var (result, answer) = Run(body, table, chunkSize);
        var requestUid = (review["request"] as JsonObject)?["uid"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

        Require(result.StatusCode is 200 or 400, "status " + result.StatusCode);
        Require(answer["kind"]?.GetValue<string>() == "AdmissionReview", "answer kind");
        Require(answer["apiVersion"]?.GetValue<string>() is "admission.k8s.io/v1" or "admission.k8s.io/v1beta1", "answer apiVersion");
        var response = answer["response"] as JsonObject ?? throw new FuzzFailure("no response object");
        var uid = response["uid"]?.GetValue<string>() ?? throw new FuzzFailure("no response.uid");
        var allowed = response["allowed"]?.GetValue<bool>() ?? throw new FuzzFailure("no response.allowed");
        if (result.StatusCode == 200)
        {
            Require(uid == requestUid, "uid '" + uid + "' is not the request's '" + requestUid + "'");
        }
        else
        {
            Require(uid.Length == 0 || uid == requestUid, "400 answer with a uid that was not sent: " + uid);
            Require(!allowed && response["status"]?["code"]?.GetValue<int>() == 400, "400 answer not refusing with code 400");
        }
        if (!allowed)
        {
            var message = response["status"]?["message"]?.GetValue<string>();
            Require(!string.IsNullOrEmpty(message) && !message.Contains('\n'), "refusal without a one-line message: " + message);
            return;
        }
        if (response["patch"] is not { } patchNode) return;

        Require(response["patchType"]?.GetValue<string>() == "JSONPatch", "patch without patchType JSONPatch");
        var request = (JsonObject)review["request"]!;
        var sent = request["object"]!;
        // Known and documented (docs/reliability.md): a user container already named like one the injector adds
        // (istio-init, istio-validation, enable-core-dump) is not renamed; the API server refuses that pod, as with Istio.
        // On re-injection such a container or volume is taken for an injected one and moved, so idempotence is not
        // promised for those pods either. Both are decided on the pod as sent, before the patch changes it in place.
        var checkValidity = strict && !PodValidity.UsesInjectedName(sent) && !PodValidity.AsksForUserMounts(sent) && !PodValidity.MergesSeveralTemplates(sent)
            && !PodValidity.NamesAContainerYamlReadsAsAnotherType(sent) && PodValidity.FirstProblem(sent) is null;
        var checkAgain = strict && !PodValidity.UsesInjectedName(sent) && !PodValidity.ProbesUnresolvedPortName(sent) && !PodValidity.ArrivesWithBrokenStatus(sent);
        var injected = ApplyInPlace(request, "object", Convert.FromBase64String(patchNode.GetValue<string>()), "patch does not apply: ");
        if (checkValidity && PodValidity.FirstProblem(injected) is { } problem)
        {
            throw new FuzzFailure("valid pod became invalid: " + problem);
        }
        // Only a pod the API server accepts is stored and so can reach a second injection.
        if (checkAgain && PodValidity.FirstProblem(injected) is null) CheckInjectingAgainChangesNothing(review, request, body, table);
    }

    /// <param name="review">The review whose <c>request.object</c> is now the injected pod.</param>
    /// <param name="firstBody">The first request, only read to explain a failure.</param>
    private static void CheckInjectingAgainChangesNothing(JsonObject review, JsonObject request, byte[] firstBody, RevisionTable table)
    {
        // Only a pod the API server would store is sent again: one whose fields do not decode into corev1.Pod (a
        // mutation's string in an int32) never reaches a second injection.
        if (!DecodesAsPod(request["object"])) return;
        // A pod whose own containers overrode injected ones (recorded in proxy.istio.io/overrides) is re-rendered on
        // re-injection by Istio's rule (reapplyOverwrittenContainers skips containers the status lists): the pod's
        // own istio-proxy and what Istio derives from it (ISTIO_META_POD_PORTS) need not come back the same.
        if (request["object"]?["metadata"]?["annotations"]?["proxy.istio.io/overrides"] is not null || OverridesIstioContainers(firstBody)) return;
        var (result, answer) = Run(Serialize(review), table, 0);
        Require(result.StatusCode == 200, "second injection got " + result.StatusCode);
        var response = answer["response"]!;
        Require(response["allowed"]?.GetValue<bool>() == true, "second injection refused: " + response["status"]?.ToJsonString());
        if (response["patch"] is not { } patch) return;
        var bytes = Convert.FromBase64String(patch.GetValue<string>());
        var before = Serialize(request["object"]!);
        var twice = ApplyInPlace(request, "object", bytes, "second patch does not apply: ");
        // Equal bytes prove equal trees; different bytes may still be equal trees (member order), so compare those.
        if (before.AsSpan().SequenceEqual(Serialize(twice))) return;
        var injected = JsonNode.Parse(before)!;
        if (JsonNode.DeepEquals(twice, injected)) return;
        // As the API server stores the pod, by the goldens' rules (empty objects dropped): Istio's templates write
        // `emptyDir:` (null), which the API server defaults to `{}`, and it drops empty fields Go omits; a second patch
        // that only changes those leaves the stored pod unchanged.
        if (JsonComparison.FirstDifference(JsonComparison.Normalize(Stored(injected)), JsonComparison.Normalize(Stored(twice))) is null) return;
        var text = Encoding.UTF8.GetString(bytes);
        var sentAnnotations = ((JsonNode.Parse(firstBody)?["request"] as JsonObject)?["object"] as JsonObject)?["metadata"] is JsonObject metadata
            ? metadata["annotations"]?.ToJsonString() : null;
        throw new FuzzFailure("second injection changed the pod at " + JsonComparison.FirstDifference(injected, twice) + ": " + text[..Math.Min(text.Length, 300)]
            + "\nannotations sent: " + (sentAnnotations ?? "none"));
    }

    // The pod as first sent brings a container of Istio's own (a user override).
    private static bool OverridesIstioContainers(byte[] firstBody)
    {
        var spec = (JsonNode.Parse(firstBody)?["request"]?["object"] as JsonObject)?["spec"];
        foreach (var list in (string[])["containers", "initContainers"])
        {
            if (spec?[list] is not JsonArray containers) continue;
            foreach (var c in containers)
            {
                if (c?["name"] is JsonValue name && name.TryGetValue<string>(out var text) && text.StartsWith("istio-", StringComparison.Ordinal)) return true;
            }
        }
        return false;
    }

    // The pod as the API server stores it (decoded into corev1.Pod and encoded again: an empty port name is dropped).
    private static JsonNode? Stored(JsonNode? pod) =>
        Injector.Kube.Normalization.PodNormalizer.Normalize(pod!.DeepClone(), Injector.Kube.Schema.KubeSchema.Pod);

    private static bool DecodesAsPod(JsonNode? pod)
    {
        try
        {
            Injector.Kube.Normalization.PodNormalizer.Normalize(pod!.DeepClone(), Injector.Kube.Schema.KubeSchema.Pod);
            return true;
        }
        catch (Injector.Kube.Normalization.KubeDecodeException)
        {
            return false;
        }
    }

    /// <summary>Applies <paramref name="patch"/> to <c>parent[member]</c> with ASP.NET Core's RFC 6902 applier, in place.</summary>
    private static JsonNode ApplyInPlace(JsonObject parent, string member, byte[] patch, string failure)
    {
        try
        {
            var operations = JsonSerializer.Deserialize<JsonPatchDocument>(patch) ?? throw new FuzzFailure(failure + "null");
            var target = parent[member]!;
            operations.ApplyTo(target);
            return target;
        }
        catch (Exception e) when (e is not FuzzFailure)
        {
            throw new FuzzFailure(failure + e.GetType().Name + ": " + e.Message);
        }
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    private static byte[] Serialize(JsonNode node)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(64 * 1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        node.WriteTo(writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static (AdmissionResult Result, JsonObject Answer) Run(byte[] body, RevisionTable table, int chunkSize)
    {
        var sequence = chunkSize > 0 ? AdmissionTestData.Chunked(body, chunkSize) : new ReadOnlySequence<byte>(body);
        var output = new ArrayBufferWriter<byte>();
        var route = new AdmissionRoute();
        var result = AdmissionHandler.Handle(sequence, in route, table, output);
        try
        {
            return (result, JsonNode.Parse(output.WrittenSpan) as JsonObject ?? throw new FuzzFailure("answer is not an object"));
        }
        catch (JsonException e)
        {
            throw new FuzzFailure("answer is not JSON: " + e.Message);
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new FuzzFailure(message);
    }
}

internal sealed class FuzzFailure(string message) : Exception(message);
