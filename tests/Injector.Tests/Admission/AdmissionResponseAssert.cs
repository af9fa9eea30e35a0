using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Injector.Tests.Admission;

/// <summary>Checks on the wire shape of an AdmissionReview answer, shared by unit and integration tests.</summary>
internal static class AdmissionResponseAssert
{
    public static void Envelope(JsonElement review, string apiVersion, string uid)
    {
        Assert.Equal("AdmissionReview", review.GetProperty("kind").GetString());
        Assert.Equal(apiVersion, review.GetProperty("apiVersion").GetString());
        Assert.Equal(uid, review.GetProperty("response").GetProperty("uid").GetString());
    }

    public static void AllowedWithoutPatch(JsonElement review)
    {
        var response = review.GetProperty("response");
        Assert.True(response.GetProperty("allowed").GetBoolean());
        Assert.False(response.TryGetProperty("patch", out _));
        Assert.False(response.TryGetProperty("patchType", out _));
        Assert.False(response.TryGetProperty("status", out _));
    }

    public static void Refused(JsonElement review, int code)
    {
        var response = review.GetProperty("response");
        Assert.False(response.GetProperty("allowed").GetBoolean());
        Assert.False(response.TryGetProperty("patch", out _));
        Assert.Equal(code, response.GetProperty("status").GetProperty("code").GetInt32());
        var message = response.GetProperty("status").GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain('\n', message!);
    }

    /// <summary>An injected answer: JSONPatch, base64 of a JSON array that applies cleanly to <paramref name="pod"/>.</summary>
    public static JsonObject PatchApplies(JsonElement review, JsonElement pod)
    {
        var response = review.GetProperty("response");
        Assert.True(response.GetProperty("allowed").GetBoolean());
        Assert.Equal("JSONPatch", response.GetProperty("patchType").GetString());
        var patchBytes = Convert.FromBase64String(response.GetProperty("patch").GetString()!);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(patchBytes).RootElement.ValueKind);
        var patch = JsonSerializer.Deserialize<JsonPatchDocument>(patchBytes)!;
        var target = JsonNode.Parse(pod.GetRawText())!.AsObject();
        patch.ApplyTo(target);
        return target;
    }
}
