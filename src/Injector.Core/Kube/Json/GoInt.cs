namespace Injector.Kube.Json;

/// <summary>Go's <c>strconv.ParseInt(s, 10, 64)</c>: an optional sign, then decimal digits only, within int64
/// (base 10 only, unlike <see cref="Yaml.GoStrconv"/>'s base 0).</summary>
internal static class GoInt
{
    public static bool TryParseInt64(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        if (s.IsEmpty) return false;
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
            if (s.IsEmpty) return false;
        }
        ulong magnitude = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return false;
            if (magnitude > (ulong.MaxValue - 9) / 10) return false;
            magnitude = magnitude * 10 + (ulong)(c - '0');
            if (magnitude > (ulong)long.MaxValue + 1) return false;
        }
        if (!negative && magnitude > long.MaxValue) return false;
        value = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        return true;
    }
}
