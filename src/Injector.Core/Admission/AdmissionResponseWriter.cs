using System.Buffers;
using System.Text.Json;
using Injector.Json;

namespace Injector.Admission;

/// <summary>
/// Writes the AdmissionReview answer in the request's version. Every verdict passes through <see cref="Write"/>,
/// so no path can forget <c>apiVersion</c>, <c>kind</c> or <c>response.uid</c>.
/// </summary>
public static class AdmissionResponseWriter
{
    private static readonly JsonEncodedText ApiVersionName = JsonEncodedText.Encode("apiVersion");
    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText ResponseName = JsonEncodedText.Encode("response");
    private static readonly JsonEncodedText UidName = JsonEncodedText.Encode("uid");
    private static readonly JsonEncodedText AllowedName = JsonEncodedText.Encode("allowed");
    private static readonly JsonEncodedText PatchTypeName = JsonEncodedText.Encode("patchType");
    private static readonly JsonEncodedText PatchName = JsonEncodedText.Encode("patch");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText CodeName = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText V1 = JsonEncodedText.Encode("admission.k8s.io/v1");
    private static readonly JsonEncodedText V1Beta1 = JsonEncodedText.Encode("admission.k8s.io/v1beta1");
    private static readonly JsonEncodedText AdmissionReview = JsonEncodedText.Encode("AdmissionReview");
    private static readonly JsonEncodedText JsonPatch = JsonEncodedText.Encode("JSONPatch");

    /// <summary><c>allowed: true</c> with the patch bytes base64-encoded straight into the output.</summary>
    public static void WritePatched(IBufferWriter<byte> output, AdmissionApiVersion version, string uid, ReadOnlySpan<byte> patch)
    {
        var writer = Begin(output, version, uid, allowed: true);
        writer.WriteString(PatchTypeName, JsonPatch);
        writer.WriteBase64String(PatchName, patch);
        End(writer);
    }

    /// <summary><c>allowed: true</c>, no patch and no patchType.</summary>
    public static void WriteAllowed(IBufferWriter<byte> output, AdmissionApiVersion version, string uid)
    {
        var writer = Begin(output, version, uid, allowed: true);
        End(writer);
    }

    /// <summary><c>allowed: false</c> with <c>status.code</c> and <c>status.message</c>; uid may be unknown (empty).</summary>
    public static void WriteRefused(IBufferWriter<byte> output, AdmissionApiVersion version, string? uid, int code, string message)
    {
        var writer = Begin(output, version, uid ?? string.Empty, allowed: false);
        writer.WriteStartObject(StatusName);
        writer.WriteNumber(CodeName, code);
        writer.WriteString(MessageName, message);
        writer.WriteEndObject();
        End(writer);
    }

    private static Utf8JsonWriter Begin(IBufferWriter<byte> output, AdmissionApiVersion version, string uid, bool allowed)
    {
        // Skip validation (JsonWriterCache): the shape is fixed by this class; every value still goes through the escaping APIs.
        var writer = JsonWriterCache.Rent(output);
        writer.WriteStartObject();
        writer.WriteString(KindName, AdmissionReview);
        writer.WriteString(ApiVersionName, version == AdmissionApiVersion.V1Beta1 ? V1Beta1 : V1);
        writer.WriteStartObject(ResponseName);
        writer.WriteString(UidName, uid);
        writer.WriteBoolean(AllowedName, allowed);
        return writer;
    }

    private static void End(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        JsonWriterCache.Return(writer);
    }
}
