using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using static Injector.Json.JsonTree;

namespace Injector.Json;

/// <summary>
/// The fast pass of <see cref="JsonTree.Parse(ReadOnlyMemory{byte}, int)"/>: builds the rows of well-formed JSON in one
/// loop over the bytes, without <see cref="Utf8JsonReader"/>'s per-token state (line and column tracking, partial
/// buffers, comments, rollback). It only answers "yes, and here are the rows" or "not sure": on anything it does not
/// accept (every malformed text, depth over the limit, invalid UTF-8) the caller reads the text again with the reader,
/// which then builds the same rows or throws its own error — so errors and edge cases stay the reader's, and this
/// pass must never accept a text the reader refuses (JsonTreeScannerTests compares the two on generated and mutated texts).
/// </summary>
/// <remarks>
/// Why: on the load fixture the reader was 43 % of the whole in-process injection, a fifth of it in skipping
/// whitespace byte by byte (load/README.md, issue 18).
/// </remarks>
internal static class JsonTreeScanner
{
    // JSON whitespace (RFC 8259 §2): anything else between tokens is an error.
    private static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\r\n"u8);

    // Where a string's plain run stops: its closing quote, an escape, or a control character (refused unescaped).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"u8);

    /// <summary>
    /// Fills <paramref name="rows"/> (grown from the pool as needed) with the values of <paramref name="json"/>, or
    /// returns false when the reader must decide. <paramref name="open"/> holds at least <paramref name="maxDepth"/> items.
    /// </summary>
    public static bool TryScan(ReadOnlySpan<byte> json, int maxDepth, ref Row[] rows, int[] open)
    {
        if (!Utf8.IsValid(json)) return false;
        var count = 0;
        var depth = 0;
        var i = SkipWhitespace(json, 0);

    Value:
        if ((uint)i >= (uint)json.Length) return false;
        ref var row = ref NextRow(ref rows, count, i);
        switch (json[i])
        {
            case (byte)'{' or (byte)'[':
                if (depth >= maxDepth) return false;
                var isObject = json[i] == '{';
                row.Kind = isObject ? JsonValueKind.Object : JsonValueKind.Array;
                open[depth++] = count++;
                i = SkipWhitespace(json, i + 1);
                if (i < json.Length && json[i] == (isObject ? '}' : ']')) goto Close;
                if (isObject) goto Name;
                goto Value;
            case (byte)'"':
                if (!TryString(json, ref i, ref row)) return false;
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
                var length = NumberLength(json[i..]);
                if (length == 0) return false;
                row.Kind = JsonValueKind.Number;
                row.Length = length;
                break;
        }
        i += row.Length;
        count++;

    AfterValue:
        // A value just ended: the text ends, or its container continues or closes.
        i = SkipWhitespace(json, i);
        if (depth == 0) return i == json.Length;
        if (i >= json.Length) return false;
        var inObject = rows[open[depth - 1]].Kind == JsonValueKind.Object;
        if (json[i] == ',')
        {
            i = SkipWhitespace(json, i + 1);
            if (inObject) goto Name;
            goto Value;
        }
        if (json[i] != (inObject ? '}' : ']')) return false;

    Close:
        {
            // json[i] closes the innermost open container.
            ref var container = ref rows[open[--depth]];
            container.End = count;
            container.Length = i + 1 - container.Start;
            i++;
            goto AfterValue;
        }

    Name:
        // A property name (a String row, told apart only by its place), its colon, then its value.
        if (i >= json.Length || json[i] != '"') return false;
        ref var name = ref NextRow(ref rows, count, i);
        if (!TryString(json, ref i, ref name)) return false;
        count++;
        i = SkipWhitespace(json, i);
        if (i >= json.Length || json[i] != ':') return false;
        i = SkipWhitespace(json, i + 1);
        goto Value;
    }

    /// <summary>Reads the string whose opening quote is at <paramref name="i"/>; leaves <paramref name="i"/> after its closing quote.</summary>
    private static bool TryString(ReadOnlySpan<byte> json, ref int i, ref Row row)
    {
        var start = i + 1;
        var at = start;
        while (true)
        {
            at = PlainRunEnd(json, at);
            if (at >= json.Length) return false;
            var b = json[at];
            if (b == '"') break;
            if (b != '\\') return false;
            row.Escaped = true;
            if (at + 1 >= json.Length) return false;
            switch (json[at + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    at += 2;
                    break;
                case (byte)'u':
                    if (at + 6 > json.Length || !IsHex(json[at + 2]) || !IsHex(json[at + 3]) || !IsHex(json[at + 4]) || !IsHex(json[at + 5]))
                        return false;
                    at += 6;
                    break;
                default:
                    return false;
            }
        }
        row.Kind = JsonValueKind.String;
        row.Start = start;
        row.Length = at - start;
        i = at + 1;
        return true;
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

    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 'f' - 'a';

    /// <summary>Where the plain run of a string that goes on at <paramref name="at"/> stops (or the text's length).</summary>
    private static int PlainRunEnd(ReadOnlySpan<byte> json, int at)
    {
        // Most strings of a pod are short (names, small values): a few bytes one by one often end them before a
        // vector search would have started; long ones (scripts, certificates, JSON in annotations) go to the search.
        var limit = Math.Min(json.Length, at + ShortRun);
        while (at < limit && !IsStringStop(json[at])) at++;
        if (at < limit) return at;
        var stop = json[at..].IndexOfAny(StringStops);
        return stop < 0 ? json.Length : at + stop;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        // Compact JSON (what the API server sends) has none: one comparison. Pretty JSON has a newline and its
        // indentation: a few bytes one by one, then a search.
        var limit = Math.Min(json.Length, i + ShortRun);
        while (i < limit && IsWhitespace(json[i])) i++;
        if (i < limit) return i;
        var rest = json[i..].IndexOfAnyExcept(Whitespace);
        return rest < 0 ? json.Length : i + rest;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWhitespace(byte b) => b <= ' ' && (b == ' ' || b == '\n' || b == '\r' || b == '\t');

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsStringStop(byte b) => b < 0x20 || b == '"' || b == '\\';

    // Bytes looked at one by one before a vector search takes over (measured: 0, 4 and 16 on the load corpus).
    private const int ShortRun = 4;
}
