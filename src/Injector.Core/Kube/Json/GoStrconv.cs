namespace Injector.Kube.Json;

/// <summary>
/// Go's <c>strconv.ParseInt(s, base, 64)</c> and <c>strconv.ParseUint(s, 0, 64)</c>. Base 0 (go-yaml): optional sign
/// (signed only), then a <c>0b</c>/<c>0o</c>/<c>0x</c> prefix, a bare leading <c>0</c> meaning octal, or decimal; go-yaml
/// removes every underscore before calling them, so underscores never reach here. Base 10 (<c>encoding/json</c>'s
/// string-tagged ints, quantities): an optional sign, then decimal digits only.
/// </summary>
internal static class GoStrconv
{
    /// <summary><c>strconv.ParseInt(s, 0, 64)</c>.</summary>
    public static bool TryParseInt64(ReadOnlySpan<char> s, out long value) => TryParseInt64(s, 0, out value);

    /// <summary><c>strconv.ParseInt(s, numberBase, 64)</c> for base 0 or 10: within int64, else false.</summary>
    public static bool TryParseInt64(ReadOnlySpan<char> s, int numberBase, out long value)
    {
        value = 0;
        if (s.IsEmpty) return false;
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (!TryParseUInt64(s, (uint)numberBase, out var magnitude)) return false;
        const ulong limit = 1UL << 63;
        if (!negative && magnitude >= limit) return false;
        if (negative && magnitude > limit) return false;
        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    /// <summary><c>strconv.ParseUint(s, 0, 64)</c>.</summary>
    public static bool TryParseUInt64(ReadOnlySpan<char> s, out ulong value) => TryParseUInt64(s, 0, out value);

    private static bool TryParseUInt64(ReadOnlySpan<char> s, uint numberBase, out ulong value)
    {
        value = 0;
        if (s.IsEmpty) return false;
        if (numberBase == 0)
        {
            numberBase = 10;
            if (s[0] == '0')
            {
                var prefix = s.Length >= 3 ? char.ToLowerInvariant(s[1]) : '\0';
                numberBase = prefix switch { 'b' => 2u, 'o' => 8u, 'x' => 16u, _ => 8u };
                s = s[(prefix is 'b' or 'o' or 'x' ? 2 : 1)..];
            }
        }
        ulong n = 0;
        foreach (var c in s)
        {
            uint digit = c switch
            {
                >= '0' and <= '9' => (uint)(c - '0'),
                >= 'a' and <= 'z' => (uint)(c - 'a' + 10),
                >= 'A' and <= 'Z' => (uint)(c - 'A' + 10),
                _ => uint.MaxValue,
            };
            if (digit >= numberBase) return false;
            if (n > (ulong.MaxValue - digit) / numberBase) return false;
            n = n * numberBase + digit;
        }
        value = n;
        return true;
    }
}
