using System.Text;

namespace Injector.Kube.Normalization;

/// <summary>
/// Go's <c>time.Parse(time.RFC3339, value)</c> (Go 1.20 and later): the strict fast path first
/// (<c>2006-01-02T15:04:05[.frac](Z|±hh:mm)</c>), then the general layout parser, which also accepts a one-digit
/// hour, a comma before the fraction and zone offsets up to 24:60. Errors carry Go's <c>ParseError</c> text.
/// </summary>
internal static class GoTimeParser
{
    private const string Layout = "2006-01-02T15:04:05Z07:00";

    public static bool TryParse(string value, out GoTime time, out string? error)
    {
        error = null;
        if (TryFast(value, out time)) return true;
        return TryGeneral(value, out time, out error);
    }

    private static bool TryFast(string s, out GoTime time)
    {
        time = default;
        if (s.Length < 19) return false;
        var ok = true;
        int Num(int start, int length, int min, int max)
        {
            var x = 0;
            for (var i = start; i < start + length; i++)
            {
                if (s[i] is < '0' or > '9') { ok = false; return min; }
                x = x * 10 + (s[i] - '0');
            }
            if (x < min || x > max) { ok = false; return min; }
            return x;
        }
        var year = Num(0, 4, 0, 9999);
        var month = Num(5, 2, 1, 12);
        var day = Num(8, 2, 1, DaysIn(month, year));
        var hour = Num(11, 2, 0, 23);
        var minute = Num(14, 2, 0, 59);
        var second = Num(17, 2, 0, 59);
        if (!ok || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
        var rest = s.AsSpan(19);
        var nanos = 0;
        if (rest.Length >= 2 && rest[0] == '.' && IsDigit(rest[1]))
        {
            var n = 2;
            while (n < rest.Length && IsDigit(rest[n])) n++;
            nanos = Nanoseconds(rest[1..n]);
            rest = rest[n..];
        }
        var offset = 0;
        if (rest.Length != 1 || rest[0] != 'Z')
        {
            if (rest.Length != 6) return false;
            var zs = rest.ToString();
            var zoneOk = true;
            int ZoneNum(int start, int max)
            {
                if (!IsDigit(zs[start]) || !IsDigit(zs[start + 1])) { zoneOk = false; return 0; }
                var x = (zs[start] - '0') * 10 + (zs[start + 1] - '0');
                if (x > max) zoneOk = false;
                return x;
            }
            var zh = ZoneNum(1, 23);
            var zm = ZoneNum(4, 59);
            if (!zoneOk || zs[0] is not ('-' or '+') || zs[3] != ':') return false;
            offset = (zh * 60 + zm) * 60 * (zs[0] == '-' ? -1 : 1);
        }
        time = Build(year, month, day, hour, minute, second, nanos, offset);
        return true;
    }

    // The general parser, walking the RFC 3339 layout element by element.
    private static bool TryGeneral(string value, out GoTime time, out string? error)
    {
        time = default;
        var rest = value;
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, nanos = 0, offset = 0;

        bool Fail(string layoutElem, string? message, out string? err)
        {
            err = message is null
                ? $"parsing time {Quote(value)} as {Quote(Layout)}: cannot parse {Quote(rest)} as {Quote(layoutElem)}"
                : $"parsing time {Quote(value)}{message}";
            return false;
        }
        bool Literal(char c, out string? err)
        {
            err = null;
            if (rest.Length == 0 || rest[0] != c) return Fail(c.ToString(), null, out err);
            rest = rest[1..];
            return true;
        }

        // 2006
        if (rest.Length < 4 || !IsDigit(rest[0])) return Fail("2006", null, out error);
        var yearText = rest[..4];
        rest = rest[4..]; // Go slices before converting, so a bad year reports what follows it
        if (!AllDigits(yearText)) return Fail("2006", null, out error);
        year = int.Parse(yearText, System.Globalization.CultureInfo.InvariantCulture);
        if (!Literal('-', out error)) return false;
        // 01
        if (!GetNum(ref rest, fixedWidth: true, out month)) return Fail("01", null, out error);
        if (month <= 0 || month > 12) return Fail("01", ": month out of range", out error);
        if (!Literal('-', out error)) return false;
        // 02 (any one or two digits; checked against the month at the end)
        if (!GetNum(ref rest, fixedWidth: true, out day)) return Fail("02", null, out error);
        if (!Literal('T', out error)) return false;
        // 15
        if (!GetNum(ref rest, fixedWidth: false, out hour)) return Fail("15", null, out error);
        if (hour >= 24) return Fail("15", ": hour out of range", out error);
        if (!Literal(':', out error)) return false;
        // 04
        if (!GetNum(ref rest, fixedWidth: true, out minute)) return Fail("04", null, out error);
        if (minute >= 60) return Fail("04", ": minute out of range", out error);
        if (!Literal(':', out error)) return false;
        // 05, and a fraction the layout does not name
        if (!GetNum(ref rest, fixedWidth: true, out second)) return Fail("05", null, out error);
        if (second >= 60) return Fail("05", ": second out of range", out error);
        if (rest.Length >= 2 && rest[0] is '.' or ',' && IsDigit(rest[1]))
        {
            var n = 2;
            while (n < rest.Length && IsDigit(rest[n])) n++;
            nanos = Nanoseconds(rest.AsSpan(1, n - 1));
            rest = rest[n..];
        }
        // Z07:00
        if (rest.Length >= 1 && rest[0] == 'Z')
        {
            rest = rest[1..];
        }
        else
        {
            if (rest.Length < 6 || rest[3] != ':') return Fail("Z07:00", null, out error);
            var sign = rest[0];
            var hh = rest.Substring(1, 2);
            var mm = rest.Substring(4, 2);
            rest = rest[6..]; // Go slices the zone off before checking it
            var digits = AllDigits(hh) && AllDigits(mm);
            var zh = digits ? int.Parse(hh, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var zm = digits ? int.Parse(mm, System.Globalization.CultureInfo.InvariantCulture) : 0;
            string? range = null;
            if (zh > 24) range = "time zone offset hour";
            if (zm > 60) range = "time zone offset minute";
            if (range is not null) return Fail("Z07:00", ": " + range + " out of range", out error);
            if (!digits || sign is not ('+' or '-')) return Fail("Z07:00", null, out error);
            offset = (zh * 60 + zm) * 60 * (sign == '-' ? -1 : 1);
        }
        if (rest.Length > 0) return Fail("", ": extra text: " + Quote(rest), out error);
        if (day < 1 || day > DaysIn(month, year)) return Fail("", ": day out of range", out error);
        time = Build(year, month, day, hour, minute, second, nanos, offset);
        return true;
    }

    // getnum: one or two digits (exactly two when fixed).
    private static bool GetNum(ref string s, bool fixedWidth, out int value)
    {
        value = 0;
        if (s.Length == 0 || !IsDigit(s[0])) return false;
        if (s.Length < 2 || !IsDigit(s[1]))
        {
            if (fixedWidth) return false;
            value = s[0] - '0';
            s = s[1..];
            return true;
        }
        value = (s[0] - '0') * 10 + (s[1] - '0');
        s = s[2..];
        return true;
    }

    // Digits after the point: the first nine count, the rest are dropped.
    private static int Nanoseconds(ReadOnlySpan<char> digits)
    {
        if (digits.Length > 9) digits = digits[..9];
        var ns = 0;
        foreach (var c in digits) ns = ns * 10 + (c - '0');
        for (var i = digits.Length; i < 9; i++) ns *= 10;
        return ns;
    }

    private static GoTime Build(int year, int month, int day, int hour, int minute, int second, int nanos, int offsetSeconds)
    {
        var days = GoTime.DaysFromCivil(year, month, day);
        var seconds = days * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return new GoTime(seconds, nanos);
    }

    private static int DaysIn(int month, int year) => month switch
    {
        2 => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!IsDigit(c)) return false;
        }
        return true;
    }

    /// <summary>The time package's own quoting: ASCII from space up as is (<c>"</c> and <c>\</c> escaped), every
    /// other byte of the UTF-8 as <c>\x</c>.</summary>
    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            if (v is '"' or '\\') sb.Append('\\').Append((char)v);
            else if (v is >= 0x20 and < 0x80) sb.Append((char)v);
            else
            {
                var n = rune.EncodeToUtf8(bytes);
                for (var i = 0; i < n; i++) sb.Append("\\x").Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return sb.Append('"').ToString();
    }
}
