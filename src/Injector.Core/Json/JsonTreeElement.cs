using System.Buffers;
using System.Buffers.Text;
using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Injector.Json;

/// <summary>
/// One value of a <see cref="JsonTree"/>. Its members answer as <see cref="JsonElement"/>'s of the same name: a
/// repeated property name keeps its last value, escaped strings compare and read as their decoded text (the reader
/// decodes them), <see cref="WriteTo"/> writes decoded strings through the writer's own escaping and numbers as they
/// were. <c>default</c> is <see cref="JsonValueKind.Undefined"/>. Valid only while its tree is.
/// </summary>
public readonly struct JsonTreeElement
{
    private readonly JsonTree? _tree;
    private readonly int _row;

    internal JsonTreeElement(JsonTree tree, int row)
    {
        _tree = tree;
        _row = row;
    }

    public JsonValueKind ValueKind => _tree is null ? JsonValueKind.Undefined : _tree.RowAt(_row).Kind;

    private ref readonly JsonTree.Row Row => ref Tree.RowAt(_row);

    private JsonTree Tree => _tree ?? throw new InvalidOperationException("the element is undefined");

    /// <summary>The value's own bytes: a string with its quotes, a container from its bracket to the matching one.</summary>
    public ReadOnlySpan<byte> RawValue
    {
        get
        {
            ref readonly var row = ref Row;
            return row.Kind == JsonValueKind.String
                ? Tree.Slice(row.Start - 1, row.Length + 2)
                : Tree.Slice(row.Start, row.Length);
        }
    }

    /// <summary>
    /// True when every string of its tree, so every string and name of this value, is known to be plain ASCII
    /// (<see cref="JsonTree.PlainAsciiStrings"/>). False says nothing.
    /// </summary>
    public bool PlainAsciiStrings => _tree is { PlainAsciiStrings: true };

    /// <summary>A string holding a backslash escape (then <see cref="RawValue"/> is not its text).</summary>
    public bool ValueIsEscaped => _tree is not null && Row.Escaped;

    public string GetRawText() => Encoding.UTF8.GetString(RawValue);

    public bool TryGetProperty(string name, out JsonTreeElement value)
    {
        Span<byte> small = stackalloc byte[256];
        var utf8 = Utf8Of(name, small, out var rented, out var valid);
        try
        {
            if (valid) return TryGetProperty(utf8, out value);
            // Text that is not valid UTF-16 names nothing a document can hold.
            ExpectKind(JsonValueKind.Object);
            value = default;
            return false;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public bool TryGetProperty(ReadOnlySpan<byte> utf8Name, out JsonTreeElement value)
    {
        ExpectKind(JsonValueKind.Object);
        var tree = _tree!;
        var found = -1;
        var end = tree.RowAt(_row).End;
        for (var i = _row + 1; i < end; i = tree.RowAt(i + 1).End)
        {
            if (TextEquals(tree, i, utf8Name)) found = i + 1;
        }
        value = found < 0 ? default : new JsonTreeElement(tree, found);
        return found >= 0;
    }

    public JsonTreeElement GetProperty(ReadOnlySpan<byte> utf8Name) =>
        TryGetProperty(utf8Name, out var value) ? value : throw new KeyNotFoundException("no property " + Encoding.UTF8.GetString(utf8Name));

    public JsonTreeElement GetProperty(string name) =>
        TryGetProperty(name, out var value) ? value : throw new KeyNotFoundException("no property " + name);

    public string? GetString()
    {
        if (_tree is not null && Row.Kind == JsonValueKind.Null) return null;
        ExpectKind(JsonValueKind.String);
        return Decode(_tree!, _row);
    }

    public bool GetBoolean() => ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new InvalidOperationException("the element is not a boolean"),
    };

    public bool TryGetInt32(out int value)
    {
        ExpectKind(JsonValueKind.Number);
        var raw = RawValue;
        return Utf8Parser.TryParse(raw, out value, out var consumed) && consumed == raw.Length;
    }

    public bool TryGetInt64(out long value)
    {
        ExpectKind(JsonValueKind.Number);
        var raw = RawValue;
        return Utf8Parser.TryParse(raw, out value, out var consumed) && consumed == raw.Length;
    }

    public bool ValueEquals(ReadOnlySpan<byte> utf8Text)
    {
        if (_tree is not null && Row.Kind == JsonValueKind.Null) return Unsafe.IsNullRef(ref MemoryMarshal.GetReference(utf8Text)); // null only, not ""
        ExpectKind(JsonValueKind.String);
        return TextEquals(_tree!, _row, utf8Text);
    }

    public bool ValueEquals(string? text)
    {
        if (_tree is not null && Row.Kind == JsonValueKind.Null) return text is null;
        return ValueEquals(text.AsSpan());
    }

    public bool ValueEquals(ReadOnlySpan<char> text)
    {
        if (_tree is not null && Row.Kind == JsonValueKind.Null) return Unsafe.IsNullRef(ref MemoryMarshal.GetReference(text));
        ExpectKind(JsonValueKind.String);
        return TextEquals(_tree!, _row, text);
    }

    public int GetArrayLength()
    {
        ExpectKind(JsonValueKind.Array);
        var count = 0;
        foreach (var _ in EnumerateArray()) count++;
        return count;
    }

    public ArrayEnumerator EnumerateArray()
    {
        ExpectKind(JsonValueKind.Array);
        return new ArrayEnumerator(_tree!, _row);
    }

    public ObjectEnumerator EnumerateObject()
    {
        ExpectKind(JsonValueKind.Object);
        return new ObjectEnumerator(_tree!, _row);
    }

    /// <summary>Writes the value as <see cref="JsonElement.WriteTo"/> does.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        var tree = Tree;
        switch (tree.RowAt(_row).Kind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in EnumerateObject()) property.WriteTo(writer);
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in EnumerateArray()) item.WriteTo(writer);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                WriteDecoded(tree, _row, writer, name: false);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            case JsonValueKind.Null:
                writer.WriteNullValue();
                break;
            default:
                // A number, as it was written (JsonElement does the same).
                writer.WriteRawValue(RawValue, skipInputValidation: true);
                break;
        }
    }

    /// <summary>
    /// <see cref="JsonElement.DeepEquals"/>: strings by their decoded text, numbers by value (<c>80</c> equals
    /// <c>8e1</c>), objects regardless of member order. Objects and arrays (never a list key) are handed to
    /// <see cref="JsonElement.DeepEquals"/> itself.
    /// </summary>
    public static bool DeepEquals(JsonTreeElement left, JsonTreeElement right)
    {
        var kind = left.ValueKind;
        if (kind != right.ValueKind) return false;
        switch (kind)
        {
            case JsonValueKind.String:
                return !left.Row.Escaped && !right.Row.Escaped
                    ? RawText(left._tree!, left._row).SequenceEqual(RawText(right._tree!, right._row))
                    : left.GetString() == right.GetString();
            case JsonValueKind.Number:
                return JsonKey.CanonicalNumber(left.RawValue) == JsonKey.CanonicalNumber(right.RawValue);
            case JsonValueKind.Object or JsonValueKind.Array:
                using (var l = JsonDocument.Parse(left.GetRawText()))
                using (var r = JsonDocument.Parse(right.GetRawText()))
                {
                    return JsonElement.DeepEquals(l.RootElement, r.RootElement);
                }
            default:
                return true;
        }
    }

    private void ExpectKind(JsonValueKind kind)
    {
        if (Tree.RowAt(_row).Kind != kind)
            throw new InvalidOperationException("the element is " + ValueKind + ", not " + kind);
    }

    // ---- text of strings and property names (rows of kind String or PropertyName) ----

    internal static ReadOnlySpan<byte> RawText(JsonTree tree, int row)
    {
        ref readonly var r = ref tree.RowAt(row);
        return tree.Slice(r.Start, r.Length);
    }

    /// <summary>A reader on just this string (its quotes included): it decodes escapes exactly as JsonDocument's does.</summary>
    private static Utf8JsonReader ReaderOn(JsonTree tree, int row)
    {
        ref readonly var r = ref tree.RowAt(row);
        var reader = new Utf8JsonReader(tree.Slice(r.Start - 1, r.Length + 2));
        reader.Read();
        return reader;
    }

    internal static string Decode(JsonTree tree, int row)
    {
        if (!tree.RowAt(row).Escaped) return Encoding.UTF8.GetString(RawText(tree, row));
        var reader = ReaderOn(tree, row);
        return reader.GetString()!;
    }

    internal static bool TextEquals(JsonTree tree, int row, ReadOnlySpan<byte> utf8)
    {
        ref readonly var r = ref tree.RowAt(row);
        if (!r.Escaped) return r.Length == utf8.Length && tree.Slice(r.Start, r.Length).SequenceEqual(utf8);
        var reader = ReaderOn(tree, row);
        return reader.ValueTextEquals(utf8);
    }

    internal static bool TextEquals(JsonTree tree, int row, ReadOnlySpan<char> text)
    {
        var raw = RawText(tree, row);
        var escaped = tree.RowAt(row).Escaped;
        // UTF-8 takes one to three bytes per UTF-16 unit; the raw text of an escape is longer than what it decodes to.
        if (!escaped && (raw.Length < text.Length || raw.Length > text.Length * 3)) return false;
        if (escaped)
        {
            var reader = ReaderOn(tree, row);
            return reader.ValueTextEquals(text);
        }
        Span<byte> small = stackalloc byte[256];
        var utf8 = Utf8Of(text, small, out var rented, out var valid);
        try
        {
            return valid && raw.SequenceEqual(utf8);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    internal static void WriteDecoded(JsonTree tree, int row, Utf8JsonWriter writer, bool name)
    {
        if (!tree.RowAt(row).Escaped)
        {
            if (name) writer.WritePropertyName(RawText(tree, row));
            else writer.WriteStringValue(RawText(tree, row));
            return;
        }
        var reader = ReaderOn(tree, row);
        var length = RawText(tree, row).Length;   // decoded text is never longer than its escaped form
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(rented);
            if (name) writer.WritePropertyName(rented.AsSpan(0, written));
            else writer.WriteStringValue(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary><paramref name="text"/> as UTF-8, in <paramref name="small"/> when it fits; <paramref name="valid"/> is false for broken UTF-16.</summary>
    private static ReadOnlySpan<byte> Utf8Of(ReadOnlySpan<char> text, Span<byte> small, out byte[]? rented, out bool valid)
    {
        rented = text.Length * 3 > small.Length ? ArrayPool<byte>.Shared.Rent(text.Length * 3) : null;
        var buffer = rented ?? small;
        valid = Utf8.FromUtf16(text, buffer, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done;
        return buffer[..written];
    }

    /// <summary>The items of an array, in order.</summary>
    public struct ArrayEnumerator : IEnumerable<JsonTreeElement>, IEnumerator<JsonTreeElement>
    {
        private readonly JsonTree _tree;
        private readonly int _end;
        private int _next;
        private int _current;

        internal ArrayEnumerator(JsonTree tree, int array)
        {
            _tree = tree;
            _end = tree.RowAt(array).End;
            _next = array + 1;
            _current = -1;
        }

        public readonly JsonTreeElement Current => new(_tree, _current);

        public bool MoveNext()
        {
            if (_next >= _end) return false;
            _current = _next;
            _next = _tree.RowAt(_next).End;
            return true;
        }

        public readonly ArrayEnumerator GetEnumerator() => this;
        readonly IEnumerator<JsonTreeElement> IEnumerable<JsonTreeElement>.GetEnumerator() => this;
        readonly IEnumerator IEnumerable.GetEnumerator() => this;
        readonly object IEnumerator.Current => Current;
        public readonly void Reset() => throw new NotSupportedException();
        public readonly void Dispose() { }
    }

    /// <summary>The properties of an object, in order, repeated names included.</summary>
    public struct ObjectEnumerator : IEnumerable<JsonTreeProperty>, IEnumerator<JsonTreeProperty>
    {
        private readonly JsonTree _tree;
        private readonly int _end;
        private int _next;
        private int _current;

        internal ObjectEnumerator(JsonTree tree, int obj)
        {
            _tree = tree;
            _end = tree.RowAt(obj).End;
            _next = obj + 1;
            _current = -1;
        }

        public readonly JsonTreeProperty Current => new(_tree, _current);

        public bool MoveNext()
        {
            if (_next >= _end) return false;
            _current = _next;
            _next = _tree.RowAt(_next + 1).End;
            return true;
        }

        public readonly ObjectEnumerator GetEnumerator() => this;
        readonly IEnumerator<JsonTreeProperty> IEnumerable<JsonTreeProperty>.GetEnumerator() => this;
        readonly IEnumerator IEnumerable.GetEnumerator() => this;
        readonly object IEnumerator.Current => Current;
        public readonly void Reset() => throw new NotSupportedException();
        public readonly void Dispose() { }
    }
}

/// <summary>One property of a <see cref="JsonTree"/> object; members answer as <see cref="JsonProperty"/>'s.</summary>
public readonly struct JsonTreeProperty
{
    private readonly JsonTree _tree;
    private readonly int _nameRow;

    internal JsonTreeProperty(JsonTree tree, int nameRow)
    {
        _tree = tree;
        _nameRow = nameRow;
    }

    /// <summary>The decoded name (a new string each time, as <see cref="JsonProperty.Name"/>).</summary>
    public string Name => JsonTreeElement.Decode(_tree, _nameRow);

    public JsonTreeElement Value => new(_tree, _nameRow + 1);

    /// <summary>The name's bytes between its quotes, escapes as written.</summary>
    public ReadOnlySpan<byte> RawName => JsonTreeElement.RawText(_tree, _nameRow);

    /// <summary>Whether the name holds a backslash escape (then <see cref="RawName"/> is not its text).</summary>
    public bool NameIsEscaped => _tree.RowAt(_nameRow).Escaped;

    public bool NameEquals(ReadOnlySpan<byte> utf8Text) => JsonTreeElement.TextEquals(_tree, _nameRow, utf8Text);

    public bool NameEquals(string? text) => NameEquals(text.AsSpan());

    public bool NameEquals(ReadOnlySpan<char> text) => JsonTreeElement.TextEquals(_tree, _nameRow, text);

    public void WriteTo(Utf8JsonWriter writer)
    {
        JsonTreeElement.WriteDecoded(_tree, _nameRow, writer, name: true);
        Value.WriteTo(writer);
    }
}
