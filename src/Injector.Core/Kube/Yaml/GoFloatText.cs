using System.Globalization;
using System.Text;

namespace Injector.Kube.Yaml;

/// <summary>
/// Go's text for floating-point numbers, built from .NET's shortest round-trip digits (the same digits Go's
/// shortest formatting picks): what <c>encoding/json</c> writes for a <c>float64</c>, and
/// <c>strconv.FormatFloat(f, 'g', -1, 32)</c>, which sigs.k8s.io/yaml uses for float map keys.
/// </summary>
internal static class GoFloatText
{
    /// <summary>
    /// <c>json.Marshal(float64)</c>: <c>%f</c> style unless |f| &lt; 1e-6 or ≥ 1e21, then <c>%e</c> with a
    /// one-digit negative exponent trimmed (<c>1e-7</c>, <c>1.5e+21</c>). NaN and infinities have no JSON form.
    /// </summary>
    public static string Json(double f)
    {
        if (!double.IsFinite(f)) throw new ArgumentOutOfRangeException(nameof(f), "NaN and infinities have no JSON form");
        var abs = Math.Abs(f);
        var digits = Decompose(f.ToString("R", CultureInfo.InvariantCulture));
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var text = Exponent(digits);
            // Go writes at least two exponent digits and json.Marshal then drops the zero in "e-07".
            var n = text.Length;
            if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0') text = text[..(n - 2)] + text[n - 1];
            return text;
        }
        return Fixed(digits);
    }

    /// <summary>
    /// <c>strconv.FormatFloat(f, 'g', -1, 32)</c>: the value rounded to float32, its shortest digits, <c>%e</c> when
    /// the decimal exponent is below -4 or at least 6, else <c>%f</c>. Infinities and NaN are Go's
    /// <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.
    /// </summary>
    public static string Float32G(double f)
    {
        var single = (float)f;
        if (float.IsNaN(single)) return "NaN";
        if (float.IsPositiveInfinity(single)) return "+Inf";
        if (float.IsNegativeInfinity(single)) return "-Inf";
        var digits = Decompose(single.ToString("R", CultureInfo.InvariantCulture));
        var exponent = digits.Digits.Length == 0 ? 0 : digits.Point - 1;
        return exponent < -4 || exponent >= 6 ? Exponent(digits) : Fixed(digits);
    }

    /// <summary>
    /// <c>strconv.FormatFloat(f, 'g', -1, 64)</c> as go-yaml's encoder writes floats (<c>1e+21</c>, <c>1e-07</c>,
    /// <c>1.5</c>), with YAML's <c>.inf</c>, <c>-.inf</c>, <c>.nan</c>.
    /// </summary>
    public static string Float64G(double f)
    {
        if (double.IsNaN(f)) return ".nan";
        if (double.IsPositiveInfinity(f)) return ".inf";
        if (double.IsNegativeInfinity(f)) return "-.inf";
        var digits = Decompose(f.ToString("R", CultureInfo.InvariantCulture));
        var exponent = digits.Digits.Length == 0 ? 0 : digits.Point - 1;
        return exponent < -4 || exponent >= 6 ? Exponent(digits) : Fixed(digits);
    }

    /// <summary>A number as 0.DIGITS × 10^Point (Go's decimal form); zero has no digits.</summary>
    private readonly record struct DecimalDigits(bool Negative, string Digits, int Point);

    private static DecimalDigits Decompose(string roundTrip)
    {
        var negative = roundTrip.StartsWith('-');
        var body = negative ? roundTrip[1..] : roundTrip;
        var exponent = 0;
        var e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }
        var dot = body.IndexOf('.');
        var integerPart = dot >= 0 ? body[..dot] : body;
        var fraction = dot >= 0 ? body[(dot + 1)..] : "";
        var all = integerPart + fraction;
        var point = integerPart.Length + exponent;
        var leading = 0;
        while (leading < all.Length && all[leading] == '0') leading++;
        all = all[leading..];
        point -= leading;
        all = all.TrimEnd('0');
        return all.Length == 0 ? new DecimalDigits(negative, "", 0) : new DecimalDigits(negative, all, point);
    }

    private static string Fixed(DecimalDigits d)
    {
        var sb = new StringBuilder();
        if (d.Negative) sb.Append('-');
        if (d.Point > 0)
        {
            for (var i = 0; i < d.Point; i++) sb.Append(i < d.Digits.Length ? d.Digits[i] : '0');
        }
        else
        {
            sb.Append('0');
        }
        var decimals = Math.Max(d.Digits.Length - d.Point, 0);
        if (decimals > 0)
        {
            sb.Append('.');
            for (var i = 1; i <= decimals; i++)
            {
                var j = d.Point + i - 1;
                sb.Append(j < 0 || j >= d.Digits.Length ? '0' : d.Digits[j]);
            }
        }
        return sb.ToString();
    }

    private static string Exponent(DecimalDigits d)
    {
        var sb = new StringBuilder();
        if (d.Negative) sb.Append('-');
        sb.Append(d.Digits.Length == 0 ? '0' : d.Digits[0]);
        if (d.Digits.Length > 1) sb.Append('.').Append(d.Digits, 1, d.Digits.Length - 1);
        var exponent = d.Digits.Length == 0 ? 0 : d.Point - 1;
        sb.Append('e').Append(exponent < 0 ? '-' : '+');
        exponent = Math.Abs(exponent);
        if (exponent < 10) sb.Append('0');
        sb.Append(exponent.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
