using System.Numerics;

namespace Injector.Json;

/// <summary>
/// JSON text may spell a UTF-16 surrogate as an escape (<c>"\ud800"</c>) without its partner. System.Text.Json parses
/// such text but throws (<see cref="InvalidOperationException"/>) when the string is read or re-written, deep inside
/// the engine. Go's <c>encoding/json</c> reads each unpaired one as U+FFFD. These helpers find them before parsing.
/// </summary>
internal static class SurrogateEscapes
{
    /// <summary>The offset of the first <c>\uXXXX</c> escape of an unpaired surrogate in <paramref name="json"/>, or -1.</summary>
    public static int FindUnpaired(ReadOnlySpan<byte> json) => Scan(json, null);

    /// <summary>
    /// <paramref name="json"/> with every unpaired surrogate escape replaced by <c>\ufffd</c> (same length), which is
    /// what Go's decoder makes of it; the same instance when there is none (the common case: one vectorized search).
    /// </summary>
    public static string ReplaceUnpaired(string json)
    {
        if (Scan(json.AsSpan(), null) < 0) return json;
        var found = new List<int>();
        Scan(json.AsSpan(), found);
        var chars = json.ToCharArray();
        foreach (var at in found) "\\ufffd".CopyTo(chars.AsSpan(at, 6));
        return new string(chars);
    }

    /// <summary>
    /// Walks the escapes (a backslash and the character after it are one unit, so <c>\\u...</c> is not an escape).
    /// Returns the first unpaired surrogate escape's offset, or -1; with <paramref name="all"/>, collects every one.
    /// </summary>
    private static int Scan<T>(ReadOnlySpan<T> text, List<int>? all) where T : unmanaged, IBinaryInteger<T>
    {
        var backslash = T.CreateTruncating('\\');
        var first = -1;
        var i = text.IndexOf(backslash);
        while (i >= 0 && i + 1 < text.Length)
        {
            if (int.CreateTruncating(text[i + 1]) != 'u')
            {
                i = Next(text, i + 2, backslash);
                continue;
            }
            var length = UnicodeEscapeLength(text, i, out _);
            if (length == 0)
            {
                if (first < 0) first = i;
                if (all is null) return first;
                all.Add(i);
            }
            // Not hex (-1): the parser reports that; step over it as an escape.
            i = Next(text, i + Math.Max(length, 6), backslash);
        }
        return first;
    }

    private static int Next<T>(ReadOnlySpan<T> text, int from, T backslash) where T : unmanaged, IBinaryInteger<T>
    {
        if (from >= text.Length) return -1;
        var found = text[from..].IndexOf(backslash);
        return found < 0 ? -1 : from + found;
    }

    /// <summary>
    /// The length of the <c>\uXXXX</c> escape whose backslash is at <paramref name="at"/>: 6, or 12 for a high surrogate
    /// followed by an escaped low one (one character, whose UTF-16 units <paramref name="unit"/> starts); 0 for either
    /// half of a pair without the other; -1 when the four digits are not there or not hex. The one rule of pairing for
    /// the parser's fast pass, this scan and <c>YamlPrintable</c>.
    /// </summary>
    internal static int UnicodeEscapeLength<T>(ReadOnlySpan<T> text, int at, out int unit) where T : unmanaged, IBinaryInteger<T>
    {
        unit = Hex4(text, at + 2);
        if (unit < 0) return -1;
        if (unit is < 0xD800 or > 0xDFFF) return 6;
        var paired = unit <= 0xDBFF && at + 12 <= text.Length && int.CreateTruncating(text[at + 6]) == '\\'
            && int.CreateTruncating(text[at + 7]) == 'u' && Hex4(text, at + 8) is >= 0xDC00 and <= 0xDFFF;
        return paired ? 12 : 0;
    }

    /// <summary>The value of four hex digits at <paramref name="at"/>, or -1 (too short or not hex: the parser reports that).</summary>
    private static int Hex4<T>(ReadOnlySpan<T> text, int at) where T : unmanaged, IBinaryInteger<T>
    {
        if (at + 4 > text.Length) return -1;
        var value = 0;
        for (var k = 0; k < 4; k++)
        {
            var c = int.CreateTruncating(text[at + k]);
            var digit = c is >= '0' and <= '9' ? c - '0' : (c | 0x20) is >= 'a' and <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
            if (digit < 0) return -1;
            value = value * 16 + digit;
        }
        return value;
    }
}
