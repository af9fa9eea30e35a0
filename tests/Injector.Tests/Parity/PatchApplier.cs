using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Injector.Tests.Parity;

/// <summary>Applies an RFC 6902 patch to a JSON tree with a real, independent implementation (ASP.NET Core's).</summary>
internal static class PatchApplier
{
    public static JsonNode Apply(JsonNode document, ReadOnlySpan<byte> patch)
    {
        var operations = JsonSerializer.Deserialize<JsonPatchDocument>(patch)
            ?? throw new InvalidOperationException("patch is null");
        var target = document.DeepClone();
        operations.ApplyTo(target);
        return target;
    }
}
