using System.Globalization;

namespace Injector.Kube.Normalization;

/// <summary>
/// An instant as <c>metav1.Time</c> holds it: seconds since the Unix epoch (UTC) and nanoseconds. Read with Go's
/// <c>time.Parse(time.RFC3339, s)</c> rules (<see cref="GoTimeParser"/>), written as <c>MarshalJSON</c> does: UTC,
/// whole seconds, <c>Z</c>. The zero value is Go's zero time (year 1), which <c>MarshalJSON</c> writes as
/// <c>null</c>.
/// </summary>
internal readonly record struct GoTime(long UnixSeconds, int Nanoseconds)
{
    /// <summary>Unix seconds of 0001-01-01T00:00:00Z, Go's zero <c>time.Time</c>.</summary>
    public const long ZeroUnixSeconds = -62135596800;

    public static GoTime Zero { get; } = new(ZeroUnixSeconds, 0);

    public bool IsZero => UnixSeconds == ZeroUnixSeconds && Nanoseconds == 0;

    /// <summary><c>t.UTC().Format(time.RFC3339)</c>: <c>2006-01-02T15:04:05Z</c>.</summary>
    public string FormatRfc3339()
    {
        var (year, month, day, hour, minute, second) = Civil();
        return $"{Year(year)}-{month:00}-{day:00}T{hour:00}:{minute:00}:{second:00}Z";
    }

    /// <summary><c>time.Time.String()</c> in UTC: <c>2006-01-02 15:04:05 +0000 UTC</c>, with the fraction
    /// (trailing zeros dropped) when there is one.</summary>
    public string FormatGoString()
    {
        var (year, month, day, hour, minute, second) = Civil();
        var fraction = Nanoseconds == 0 ? "" : "." + Nanoseconds.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0');
        return $"{Year(year)}-{month:00}-{day:00} {hour:00}:{minute:00}:{second:00}{fraction} +0000 UTC";
    }

    private static string Year(long year) =>
        year < 0 ? "-" + (-year).ToString("0000", CultureInfo.InvariantCulture) : year.ToString("0000", CultureInfo.InvariantCulture);

    private (long Year, int Month, int Day, int Hour, int Minute, int Second) Civil()
    {
        var days = Math.DivRem(UnixSeconds, 86400, out var secondsOfDay);
        if (secondsOfDay < 0)
        {
            secondsOfDay += 86400;
            days--;
        }
        var (year, month, day) = CivilFromDays(days);
        return (year, month, day, (int)(secondsOfDay / 3600), (int)(secondsOfDay / 60 % 60), (int)(secondsOfDay % 60));
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (any year).</summary>
    public static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - era * 400;
        var dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
    }

    private static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var dayOfEra = days - era * 146097;
        var yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        var year = yearOfEra + era * 400;
        var dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        var mp = (5 * dayOfYear + 2) / 153;
        var day = (int)(dayOfYear - (153 * mp + 2) / 5 + 1);
        var month = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (month <= 2 ? year + 1 : year, month, day);
    }
}
