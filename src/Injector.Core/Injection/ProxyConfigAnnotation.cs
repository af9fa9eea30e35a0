using System.Buffers;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>The <c>proxy.istio.io/config</c> annotation, accepted in its JSON form and passed to the agent compacted.</summary>
internal static class ProxyConfigAnnotation
{
    public static bool TryCompact(string json, IBufferWriter<byte> destination)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return false;
            using var writer = new Utf8JsonWriter(destination);
            doc.RootElement.WriteTo(writer);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Null when acceptable: a JSON object (the YAML form is not supported).</summary>
    public static string? Problem(string value)
    {
        try
        {
            using var doc = JsonDocument.Parse(value);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? null : "must be a JSON object";
        }
        catch (JsonException)
        {
            return "must be a JSON object (the YAML form is not supported)";
        }
    }
}
