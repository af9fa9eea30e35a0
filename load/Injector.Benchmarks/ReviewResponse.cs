using System.Text.Json;

namespace Injector.Benchmarks;

/// <summary>The naive baseline's AdmissionReview answer, shaped like the injector's, so the two paths differ only in how the patch is made.</summary>
internal static class ReviewResponse
{
    public static void Write(Utf8JsonWriter writer, string apiVersion, string uid, bool allowed, ReadOnlySpan<byte> patch, string? denial)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion"u8, apiVersion);
        writer.WriteString("kind"u8, "AdmissionReview"u8);
        writer.WriteStartObject("response"u8);
        writer.WriteString("uid"u8, uid);
        writer.WriteBoolean("allowed"u8, allowed);
        if (!patch.IsEmpty)
        {
            writer.WriteString("patchType"u8, "JSONPatch"u8);
            writer.WriteBase64String("patch"u8, patch);
        }
        if (denial is not null)
        {
            writer.WriteStartObject("status"u8);
            writer.WriteString("message"u8, denial);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
    }
}
