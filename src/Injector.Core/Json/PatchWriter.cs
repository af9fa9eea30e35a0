using System.Buffers;
using System.Text.Json;

namespace Injector.Json;

/// <summary>
/// Writes RFC 6902 operations into a JSON array. Paths are built here, with every pod-supplied token
/// escaped (JSON Pointer) and every value written through the writer's string APIs (JSON escaping).
/// </summary>
internal readonly struct PatchWriter
{
    private static readonly JsonEncodedText OpName = JsonEncodedText.Encode("op");
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("path");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText Add = JsonEncodedText.Encode("add");
    private static readonly JsonEncodedText Replace = JsonEncodedText.Encode("replace");
    private static readonly JsonEncodedText Remove = JsonEncodedText.Encode("remove");

    public PatchWriter(Utf8JsonWriter writer) => Writer = writer;

    public Utf8JsonWriter Writer { get; }

    /// <summary>Starts an <c>add</c> at a fixed, pre-encoded path (no escaping work per request).</summary>
    public void BeginAdd(JsonEncodedText path)
    {
        Writer.WriteStartObject();
        Writer.WriteString(OpName, Add);
        Writer.WriteString(PathName, path);
        Writer.WritePropertyName(ValueName);
    }

    /// <summary>Starts an <c>add</c> at <c>prefix + escaped(token)</c>.</summary>
    public void BeginAdd(ReadOnlySpan<char> prefix, ReadOnlySpan<char> token)
    {
        var length = prefix.Length + JsonPointer.EscapedLength(token);
        char[]? rented = null;
        var buffer = length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            prefix.CopyTo(buffer);
            var written = prefix.Length + JsonPointer.Escape(token, buffer[prefix.Length..]);
            Begin(Add, buffer[..written]);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Starts an <c>add</c> or <c>replace</c> at <c>prefix + index + suffix</c> (array element paths). The parts are the
    /// engine's own constants, as UTF-8 (no transcoding); the writer still escapes the whole path as a JSON string.
    /// </summary>
    public void BeginAt(bool replace, ReadOnlySpan<byte> prefix, int index, ReadOnlySpan<byte> suffix)
    {
        Span<byte> buffer = stackalloc byte[prefix.Length + 11 + suffix.Length];
        prefix.CopyTo(buffer);
        index.TryFormat(buffer[prefix.Length..], out var digits);
        var at = prefix.Length + digits;
        suffix.CopyTo(buffer[at..]);
        Writer.WriteStartObject();
        Writer.WriteString(OpName, replace ? Replace : Add);
        Writer.WriteString(PathName, buffer[..(at + suffix.Length)]);
        Writer.WritePropertyName(ValueName);
    }

    /// <summary>Writes a whole <c>remove</c> at <c>prefix + index</c>.</summary>
    public void RemoveAt(ReadOnlySpan<char> prefix, int index)
    {
        Span<char> buffer = stackalloc char[prefix.Length + 11];
        prefix.CopyTo(buffer);
        index.TryFormat(buffer[prefix.Length..], out var digits);
        Writer.WriteStartObject();
        Writer.WriteString(OpName, Remove);
        Writer.WriteString(PathName, buffer[..(prefix.Length + digits)]);
        Writer.WriteEndObject();
    }

    public void End() => Writer.WriteEndObject();

    private void Begin(JsonEncodedText op, ReadOnlySpan<char> path)
    {
        Writer.WriteStartObject();
        Writer.WriteString(OpName, op);
        Writer.WriteString(PathName, path);
        Writer.WritePropertyName(ValueName);
    }
}
