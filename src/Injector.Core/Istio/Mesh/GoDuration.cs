using System.Text;

namespace Injector.Istio.Mesh;

/// <summary>
/// <c>google.protobuf.Duration</c> as Istio's jsonpb handles it: read with Go's <c>time.ParseDuration</c> (so
/// <c>"1m30s"</c>, <c>"1.5h"</c>, <c>"0"</c> are accepted and a bare number is not), written with 0, 3, 6 or 9
/// fractional digits (<c>"23s"</c>, <c>"0.500s"</c>).
/// </summary>
internal static class GoDuration
{
    private const ulong Limit = 1UL << 63;

    /// <summary>Go's <c>time.ParseDuration</c>: nanoseconds, or null with Go's error text.</summary>
    public static long? Parse(string text, out string? error)
    {
        error = null;
        var s = text.AsSpan();
        var neg = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            neg = s[0] == '-';
            s = s[1..];
        }
        if (s is "0") return 0;
        if (s.Length == 0) return Fail(text, out error);
        ulong d = 0;
        while (s.Length > 0)
        {
            if (!(s[0] == '.' || char.IsAsciiDigit(s[0]))) return Fail(text, out error);
            var before = s.Length;
            ulong v = 0;
            var i = 0;
            for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
            {
                if (v > Limit / 10) return Fail(text, out error);
                v = v * 10 + (ulong)(s[i] - '0');
                if (v > Limit) return Fail(text, out error);
            }
            s = s[i..];
            var pre = before != s.Length;
            ulong f = 0;
            double scale = 1;
            var post = false;
            if (s.Length > 0 && s[0] == '.')
            {
                s = s[1..];
                var start = s.Length;
                var overflow = false;
                for (i = 0; i < s.Length && char.IsAsciiDigit(s[i]); i++)
                {
                    if (overflow) continue;
                    if (f > (Limit - 1) / 10) { overflow = true; continue; }
                    var y = f * 10 + (ulong)(s[i] - '0');
                    if (y > Limit) { overflow = true; continue; }
                    f = y;
                    scale *= 10;
                }
                s = s[i..];
                post = start != s.Length;
            }
            if (!pre && !post) return Fail(text, out error);
            i = 0;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i])) i++;
            if (i == 0)
            {
                error = "time: missing unit in duration " + Quote(text);
                return null;
            }
            var unitText = s[..i].ToString();
            s = s[i..];
            ulong unit = unitText switch
            {
                "ns" => 1,
                "us" or "\u00b5s" or "\u03bcs" => 1_000,
                "ms" => 1_000_000,
                "s" => 1_000_000_000,
                "m" => 60_000_000_000,
                "h" => 3_600_000_000_000,
                _ => 0,
            };
            if (unit == 0)
            {
                error = "time: unknown unit " + Quote(unitText) + " in duration " + Quote(text);
                return null;
            }
            if (v > Limit / unit) return Fail(text, out error);
            v *= unit;
            if (f > 0)
            {
                v += (ulong)(f * (unit / scale));
                if (v > Limit) return Fail(text, out error);
            }
            d += v;
            if (d > Limit) return Fail(text, out error);
        }
        if (neg) return d == Limit ? long.MinValue : -(long)d;
        if (d > Limit - 1) return Fail(text, out error);
        return (long)d;
    }

    /// <summary>jsonpb's text for a Duration of <paramref name="nanoseconds"/>.</summary>
    public static string Format(long nanoseconds)
    {
        var seconds = nanoseconds / 1_000_000_000;
        var nanos = nanoseconds % 1_000_000_000;
        var sign = "";
        if (seconds < 0 || nanos < 0)
        {
            sign = "-";
            seconds = -seconds;
            nanos = -nanos;
        }
        var x = sign + seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + nanos.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        if (x.EndsWith("000", StringComparison.Ordinal)) x = x[..^3];
        if (x.EndsWith("000", StringComparison.Ordinal)) x = x[..^3];
        if (x.EndsWith(".000", StringComparison.Ordinal)) x = x[..^4];
        return x + "s";
    }

    private static long? Fail(string text, out string? error)
    {
        error = "time: invalid duration " + Quote(text);
        return null;
    }

    /// <summary>The time package's quote: printable ASCII as is (with <c>\"</c>, <c>\\</c>), other bytes as <c>\xNN</c>.</summary>
    internal static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in s.EnumerateRunes())
        {
            if (rune.Value >= 0x80 || rune.Value < 0x20)
            {
                var n = rune.EncodeToUtf8(utf8);
                for (var j = 0; j < n; j++) sb.Append("\\x").Append(utf8[j].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                if (rune.Value is '"' or '\\') sb.Append('\\');
                sb.Append((char)rune.Value);
            }
        }
        return sb.Append('"').ToString();
    }
}
