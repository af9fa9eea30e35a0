using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using System.Text.Unicode;
using static Injector.Json.JsonTree;

namespace Injector.Json;

/// <summary>
/// The fast pass of <see cref="JsonTree.Parse(ReadOnlyMemory{byte}, int)"/>: builds the rows of well-formed JSON in one
/// loop over the bytes, without <see cref="Utf8JsonReader"/>'s per-token state (line and column tracking, partial
/// buffers, comments, rollback). It only answers "yes, and here are the rows" or "not sure": on anything it does not
/// accept (every malformed text, depth over the limit, invalid UTF-8, a <c>\u</c> escape of an unpaired UTF-16
/// surrogate) the caller reads the text again with the reader, which then builds the same rows or throws its own
/// error — so errors and edge cases stay the reader's, and this pass must never accept a text the reader refuses
/// (JsonTreeScannerTests compares the two on generated and mutated texts).
/// </summary>
/// <remarks>
/// Why: on the load fixture the reader was 43 % of the whole in-process injection, a fifth of it in skipping
/// whitespace byte by byte (load/README.md, issue 18). Bytes are read through a reference after the index was checked
/// against the length, so each read costs no second bounds check.
/// </remarks>
internal static class JsonTreeScanner
{
    /// <summary>
    /// Fills <paramref name="rows"/> (grown from the pool as needed) with the values of <paramref name="json"/>, or
    /// returns false when the reader must decide. <paramref name="open"/> holds at least <paramref name="maxDepth"/> items.
    /// <paramref name="plainAscii"/>: every string and name holds only U+0020–U+007E, as themselves or as the escapes
    /// <c>\" \\ \/ \n \r \t</c> (see <see cref="JsonTree.PlainAsciiStrings"/>).
    /// </summary>
    public static bool TryScan(ReadOnlySpan<byte> json, int maxDepth, ref Row[] rows, int[] open, out bool plainAscii)
    {
        plainAscii = false;
        if (!Utf8.IsValid(json)) return false;
        // While every string seen so far is plain ASCII, string runs also stop at DEL and non-ASCII bytes; once one
        // was seen (or an escape that may spell anything else) there is nothing left to find, and only controls stop.
        var watch = OutsidePlainAscii;
        ref var text = ref MemoryMarshal.GetReference(json);
        var length = json.Length;
        var count = 0;
        var depth = 0;
        var inObject = false;
        var i = SkipWhitespace(ref text, length, 0);

    Value:
        if ((uint)i >= (uint)length) return false;
        ref var row = ref NextRow(ref rows, count, i);
        var first = At(ref text, i);
        switch (first)
        {
            case (byte)'{' or (byte)'[':
                if (depth >= maxDepth) return false;
                inObject = first == '{';
                row.Kind = inObject ? JsonValueKind.Object : JsonValueKind.Array;
                open[depth++] = count++;
                i = SkipWhitespace(ref text, length, i + 1);
                if (i < length && At(ref text, i) == first + 2) goto Close; // '{' + 2 is '}', '[' + 2 is ']'
                if (inObject) goto Name;
                goto Value;
            case (byte)'"':
                if (!TryString(ref text, length, ref i, ref row, ref watch)) return false;
                count++;
                goto AfterValue;
            case (byte)'t':
                if (!json[i..].StartsWith("true"u8)) return false;
                row.Kind = JsonValueKind.True;
                row.Length = 4;
                break;
            case (byte)'f':
                if (!json[i..].StartsWith("false"u8)) return false;
                row.Kind = JsonValueKind.False;
                row.Length = 5;
                break;
            case (byte)'n':
                if (!json[i..].StartsWith("null"u8)) return false;
                row.Kind = JsonValueKind.Null;
                row.Length = 4;
                break;
            default:
                var numberLength = NumberLength(json[i..]);
                if (numberLength == 0) return false;
                row.Kind = JsonValueKind.Number;
                row.Length = numberLength;
                break;
        }
        i += row.Length;
        count++;

    AfterValue:
        // A value just ended: the text ends, or its container continues or closes.
        i = SkipWhitespace(ref text, length, i);
        if (depth == 0)
        {
            if (i != length) return false;
            plainAscii = watch == OutsidePlainAscii;
            return true;
        }
        if (i >= length) return false;
        var next = At(ref text, i);
        if (next == ',')
        {
            i = SkipWhitespace(ref text, length, i + 1);
            if (inObject) goto Name;
            goto Value;
        }
        if (next != (inObject ? '}' : ']')) return false;

    Close:
        {
            // text[i] closes the innermost open container.
            ref var container = ref rows[open[--depth]];
            container.End = count;
            container.Length = i + 1 - container.Start;
            inObject = depth > 0 && rows[open[depth - 1]].Kind == JsonValueKind.Object;
            i++;
            goto AfterValue;
        }

    Name:
        // A property name (a String row, told apart only by its place), its colon, then its value.
        if (i >= length || At(ref text, i) != '"') return false;
        ref var name = ref NextRow(ref rows, count, i);
        if (!TryString(ref text, length, ref i, ref name, ref watch)) return false;
        count++;
        i = SkipWhitespace(ref text, length, i);
        if (i >= length || At(ref text, i) != ':') return false;
        i = SkipWhitespace(ref text, length, i + 1);
        goto Value;
    }

    /// <summary>Reads the string whose opening quote is at <paramref name="i"/>; leaves <paramref name="i"/> after its closing quote.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryString(ref byte text, int length, ref int i, ref Row row, ref Vector128<sbyte> watch)
    {
        var start = i + 1;
        var at = PlainRunEnd(ref text, length, start, watch);
        if (at >= length) return false;
        if (At(ref text, at) != '"' && !TryEscapes(ref text, length, ref at, ref row, ref watch)) return false;
        row.Kind = JsonValueKind.String;
        row.Start = start;
        row.Length = at - start;
        i = at + 1;
        return true;
    }

    /// <summary>
    /// Goes on from the stop at <paramref name="at"/> (inside a string) through its escapes and plain runs; leaves
    /// <paramref name="at"/> on the closing quote. False on a control character, a bad escape or the text's end.
    /// </summary>
    private static bool TryEscapes(ref byte text, int length, ref int at, ref Row row, ref Vector128<sbyte> watch)
    {
        while (true)
        {
            var b = At(ref text, at);
            if (b == '"') return true;
            if (b >= 0x7F)
            {
                // DEL or the first byte of a non-ASCII character (a stop only while watching): watching ends here.
                watch = BelowSpace;
                at = PlainRunEnd(ref text, length, at + 1, watch);
                if (at >= length) return false;
                continue;
            }
            if (b != '\\' || at + 1 >= length) return false;
            row.Escaped = true;
            switch (At(ref text, at + 1))
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'n' or (byte)'r' or (byte)'t':
                    at += 2;
                    break;
                case (byte)'b' or (byte)'f':
                    watch = BelowSpace;
                    at += 2;
                    break;
                case (byte)'u':
                    watch = BelowSpace;
                    // An unpaired surrogate is the caller's to report (or to read as U+FFFD).
                    var escape = SurrogateEscapes.UnicodeEscapeLength(MemoryMarshal.CreateReadOnlySpan(ref text, length), at, out _);
                    if (escape <= 0) return false;
                    at += escape;
                    break;
                default:
                    return false;
            }
            at = PlainRunEnd(ref text, length, at, watch);
            if (at >= length) return false;
        }
    }

    /// <summary>The length of the number at the start of <paramref name="text"/> (RFC 8259 §6), or 0 when there is none.</summary>
    private static int NumberLength(ReadOnlySpan<byte> text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-') i++;
        if (i >= text.Length) return 0;
        if (text[i] == '0') i++;
        else if (IsDigit(text[i])) i = Digits(text, i);
        else return 0;
        if (i < text.Length && text[i] == '.')
        {
            if (i + 1 >= text.Length || !IsDigit(text[i + 1])) return 0;
            i = Digits(text, i + 1);
        }
        if (i < text.Length && (text[i] | 0x20) == 'e')
        {
            i++;
            if (i < text.Length && text[i] is (byte)'+' or (byte)'-') i++;
            if (i >= text.Length || !IsDigit(text[i])) return 0;
            i = Digits(text, i);
        }
        return i;
    }

    private static int Digits(ReadOnlySpan<byte> text, int i)
    {
        while (i < text.Length && IsDigit(text[i])) i++;
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    // The byte ranges a plain run stops at besides quote and backslash, for PlainRunEnd's one compare: bytes are
    // shifted so that 0x20 is the smallest signed value, and whatever is then above the limit stops the run.
    private static Vector128<sbyte> OutsidePlainAscii => Vector128.Create(unchecked((sbyte)(0x80 + 0x7E - 0x20))); // below 0x20 or above 0x7E
    private static Vector128<sbyte> BelowSpace => Vector128.Create(unchecked((sbyte)(0x80 + 0xFF - 0x20))); // below 0x20

    /// <summary>
    /// Where the plain run of a string that goes on at <paramref name="at"/> stops (or the text's length): at its
    /// closing quote, an escape, a control character, and with <paramref name="watch"/> <see cref="OutsidePlainAscii"/>
    /// also at DEL or a non-ASCII byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PlainRunEnd(ref byte text, int length, int at, Vector128<sbyte> watch)
    {
        // 16 bytes per compare: most strings of a pod (names, small values) end within the first.
        for (; at + Vector128<byte>.Count <= length; at += Vector128<byte>.Count)
        {
            var bytes = Vector128.LoadUnsafe(ref text, (nuint)at);
            var shifted = (bytes + Vector128.Create((byte)(0x80 - 0x20))).AsSByte();
            var stops = Vector128.GreaterThan(shifted, watch).AsByte()
                | Vector128.Equals(bytes, Vector128.Create((byte)'"'))
                | Vector128.Equals(bytes, Vector128.Create((byte)'\\'));
            var mask = stops.ExtractMostSignificantBits();
            if (mask != 0) return at + BitOperations.TrailingZeroCount(mask);
        }
        var last = watch == OutsidePlainAscii ? 0x7E : 0xFF;
        while (at < length && At(ref text, at) is var b && b >= 0x20 && b <= last && b != '"' && b != '\\') at++;
        return at;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhitespace(ref byte text, int length, int i)
    {
        // Compact JSON (what the API server sends) has none: one comparison.
        if ((uint)i < (uint)length && At(ref text, i) > ' ') return i;
        return SkipSomeWhitespace(ref text, length, i);
    }

    private static int SkipSomeWhitespace(ref byte text, int length, int i)
    {
        // Pretty JSON has a newline and its indentation: 16 bytes per compare.
        for (; i + Vector128<byte>.Count <= length; i += Vector128<byte>.Count)
        {
            var bytes = Vector128.LoadUnsafe(ref text, (nuint)i);
            var blanks = Vector128.Equals(bytes, Vector128.Create((byte)' '))
                | Vector128.Equals(bytes, Vector128.Create((byte)'\n'))
                | Vector128.Equals(bytes, Vector128.Create((byte)'\r'))
                | Vector128.Equals(bytes, Vector128.Create((byte)'\t'));
            var mask = ~blanks.ExtractMostSignificantBits() & 0xFFFF;
            if (mask != 0) return i + BitOperations.TrailingZeroCount(mask);
        }
        while (i < length && IsWhitespace(At(ref text, i))) i++;
        return i;
    }

    /// <summary>The byte at <paramref name="i"/>, which the caller has checked is below the text's length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte At(ref byte text, int i) => Unsafe.Add(ref text, (nint)(uint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWhitespace(byte b) => b == ' ' || b == '\n' || b == '\r' || b == '\t';
}
