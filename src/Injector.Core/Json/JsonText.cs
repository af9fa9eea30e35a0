using System.Text;

namespace Injector.Json;

/// <summary>The text of a JSON string element as UTF-8, without a string in between.</summary>
internal static class JsonText
{
    /// <summary>
    /// The document's own bytes between the quotes when the string holds no escape (names, labels and most values),
    /// else its decoded text encoded again (rare: an escape in the pod's JSON).
    /// </summary>
    public static ReadOnlySpan<byte> Utf8(JsonTreeElement text) =>
        text.ValueIsEscaped ? Encoding.UTF8.GetBytes(text.GetString()!) : text.RawValue[1..^1]; // the raw value includes its quotes
}
