namespace Injector.Kube.Yaml;

/// <summary>
/// Whether go-yaml v2 takes a scalar for a timestamp: <c>time.Parse</c> with one of the layouts
/// <c>2006-1-2T15:4:5.999999999Z07:00</c> (also with a lower-case <c>t</c>), <c>2006-1-2 15:4:5.999999999</c> or
/// <c>2006-1-2</c>. Only an explicit <c>!!timestamp</c> tag needs the answer: a plain scalar that looks like a date can
/// never be a number either, and go-yaml hands timestamps to <c>interface{}</c> as their text.
/// </summary>
internal static class GoTimestamp
{
    public static bool IsTimestamp(string s)
    {
        var i = 0;
        if (!Number(s, ref i, 4, 4, out var year) || !Expect(s, ref i, '-')) return false;
        if (!Number(s, ref i, 1, 2, out var month) || !Expect(s, ref i, '-')) return false;
        if (!Number(s, ref i, 1, 2, out var day)) return false;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year == 0 ? 2000 : year, month)) return false;
        if (i == s.Length) return true;
        var separator = s[i++];
        if (separator is not ('T' or 't' or ' ')) return false;
        if (!Number(s, ref i, 1, 2, out var hour) || !Expect(s, ref i, ':')) return false;
        if (!Number(s, ref i, 1, 2, out var minute) || !Expect(s, ref i, ':')) return false;
        if (!Number(s, ref i, 1, 2, out var second)) return false;
        if (hour > 23 || minute > 59 || second > 59) return false;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!Number(s, ref i, 1, 9, out _)) return false;
        }
        if (separator == ' ') return i == s.Length;
        if (i == s.Length) return false;
        if (s[i] == 'Z') return i + 1 == s.Length;
        if (s[i] is not ('+' or '-')) return false;
        i++;
        return Number(s, ref i, 2, 2, out var zoneHours) && Expect(s, ref i, ':') && Number(s, ref i, 2, 2, out var zoneMinutes)
            && i == s.Length && zoneHours <= 24 && zoneMinutes <= 59;
    }

    private static bool Expect(string s, ref int i, char c)
    {
        if (i >= s.Length || s[i] != c) return false;
        i++;
        return true;
    }

    private static bool Number(string s, ref int i, int minDigits, int maxDigits, out int value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && i - start < maxDigits && char.IsAsciiDigit(s[i]))
        {
            value = value * 10 + (s[i] - '0');
            i++;
        }
        return i - start >= minDigits;
    }
}
