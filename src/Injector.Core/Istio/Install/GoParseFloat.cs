using System.Globalization;

namespace Injector.Istio.Install;

/// <summary>
/// The decimal forms Go's <c>strconv.ParseFloat(s, 64)</c> accepts: optional sign, digits with an optional
/// fraction (or a fraction alone), optional exponent; a value out of float64 range is an error there and here.
/// Hexadecimal floats, underscores, <c>inf</c> and <c>nan</c> are not taken (JSON cannot hold the last two), so
/// such a <c>--set</c> value stays a string.
/// </summary>
internal static class GoParseFloat
{
    public static bool TryParse(string s, out double value)
    {
        value = 0;
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            var exponentDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; exponentDigits++; }
            if (exponentDigits == 0) return false;
        }
        if (i != s.Length) return false;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}
