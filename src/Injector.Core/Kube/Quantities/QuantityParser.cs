using System.Numerics;

using Injector.Kube.Json;

namespace Injector.Kube.Quantities;

/// <summary>
/// apimachinery's <c>ParseQuantity</c> (v0.36.1), step for step in effect: split sign, number and suffix with its
/// permissive scanner; take the int64 fast path when the digits fit; otherwise compute with an arbitrary-precision
/// decimal, round up to nano units, cap binary values at 2^63-1. The fast path keeps the input text as the written
/// form when it looks canonical, which is why <c>100m</c>, <c>1e3</c> and even <c>+1</c> are written back unchanged.
/// </summary>
internal static class QuantityParser
{
    public const string ErrFormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public const string ErrNumeric = "unable to parse numeric part of quantity";
    public const string ErrSuffix = "unable to parse quantity's suffix";

    // int64 holds 18 decimal digits.
    private const int MaxInt64Factors = 18;
    private const int Nano = -9;
    private static readonly BigInteger MaxAllowed = long.MaxValue;

    public static bool TryParse(string str, out Quantity quantity, out string? error)
    {
        quantity = Quantity.Zero;
        error = null;
        if (str.Length == 0)
        {
            error = ErrFormatWrong;
            return false;
        }
        if (str == "0")
        {
            quantity = Quantity.Zero;
            return true;
        }
        if (!Split(str, out var positive, out var value, out var num, out var denom, out var suffix))
        {
            error = ErrFormatWrong;
            return false;
        }
        if (!QuantitySuffixes.TryInterpret(suffix, out var numberBase, out var exponent, out var format))
        {
            error = ErrSuffix;
            return false;
        }

        var precision = 0;
        var scale = 0;
        var mantissa = 1L;
        switch (format)
        {
            case QuantityFormat.DecimalExponent or QuantityFormat.DecimalSI:
                scale = exponent;
                precision = unchecked(MaxInt64Factors - (num.Length + denom.Length));
                break;
            default:
                if (exponent >= 0 && denom.Length == 0)
                {
                    mantissa <<= exponent;
                    // 1Mi (2^20) has about 6 decimal digits; float32 arithmetic as in apimachinery.
                    precision = 15 - num.Length - (int)((float)exponent * 3 / 10) - 1;
                }
                else
                {
                    precision = -1;
                }
                break;
        }

        if (precision >= 0)
        {
            scale = unchecked(scale - denom.Length);
            if (scale >= Nano)
            {
                var shifted = num + denom;
                if (!GoStrconv.TryParseInt64(shifted, 10, out var parsed))
                {
                    error = ErrNumeric;
                    return false;
                }
                var product = (Int128)parsed * mantissa;
                if (product >= long.MinValue && product <= long.MaxValue)
                {
                    var result = (long)product;
                    if (!positive) result = unchecked(-result);
                    var canonicalLooking = format == QuantityFormat.BinarySI
                        ? exponent % 10 == 0 && (parsed & 0x07) != 0
                        : scale % 3 == 0 && !shifted.EndsWith("000", StringComparison.Ordinal) && shifted[0] != '0';
                    quantity = Quantity.FromInt64(result, scale, format, canonicalLooking ? str : null);
                    return true;
                }
            }
        }

        if (!TryParseDecimal(value, out var unscaled, out var decScale))
        {
            error = ErrNumeric;
            return false;
        }
        if (numberBase == 10)
        {
            decScale = unchecked(decScale - exponent);
        }
        else
        {
            unscaled <<= exponent;
        }

        var sign = unscaled.Sign;
        if (sign < 0) unscaled = -unscaled;
        // Round non-zero values up to a whole nano unit (you asked for some, you get some).
        if (!unscaled.IsZero && decScale > -Nano)
        {
            unscaled = DecimalMath.RoundUpToScale(unscaled, decScale, -Nano);
            decScale = -Nano;
        }
        if (format == QuantityFormat.BinarySI && Compare(unscaled, decScale, MaxAllowed) > 0)
        {
            unscaled = MaxAllowed;
            decScale = 0;
        }
        if (format == QuantityFormat.BinarySI && !unscaled.IsZero && Compare(unscaled, decScale, BigInteger.One) < 0)
        {
            format = QuantityFormat.DecimalSI;
        }
        if (sign < 0) unscaled = -unscaled;
        quantity = Quantity.FromDecimal(unscaled, decScale, format);
        return true;
    }

    /// <summary>apimachinery's <c>parseQuantityString</c>: sign, leading zeros dropped from the numerator,
    /// numerator and fraction digits, then suffix letters, an optional sign and digits. False for
    /// trailing characters that fit none of these.</summary>
    private static bool Split(string str, out bool positive, out string value, out string num, out string denom, out string suffix)
    {
        positive = true;
        value = num = denom = suffix = "";
        var pos = 0;
        var end = str.Length;
        if (str[0] == '-')
        {
            positive = false;
            pos++;
        }
        else if (str[0] == '+')
        {
            pos++;
        }

        while (true)
        {
            if (pos >= end)
            {
                num = value = "0";
                return true;
            }
            if (str[pos] != '0') break;
            pos++;
        }

        var start = pos;
        while (pos < end && IsDigit(str[pos])) pos++;
        num = str[start..pos];
        if (pos >= end)
        {
            value = str;
            return true;
        }
        if (num.Length == 0) num = "0";

        if (str[pos] == '.')
        {
            pos++;
            start = pos;
            while (pos < end && IsDigit(str[pos])) pos++;
            denom = str[start..pos];
            if (pos >= end)
            {
                value = str;
                return true;
            }
        }
        value = str[..pos];

        var suffixStart = pos;
        while (pos < end && "eEinumkKMGTP".Contains(str[pos])) pos++;
        if (pos >= end)
        {
            suffix = str[suffixStart..];
            return true;
        }
        if (str[pos] is '-' or '+') pos++;
        while (pos < end && IsDigit(str[pos])) pos++;
        if (pos < end) return false;
        suffix = str[suffixStart..];
        return true;
    }

    /// <summary>inf.Dec's <c>SetString</c>: an optional sign (first), digits with at most one point, nothing
    /// else; at least one digit.</summary>
    private static bool TryParseDecimal(string text, out BigInteger unscaled, out int scale)
    {
        unscaled = BigInteger.Zero;
        scale = 0;
        var digits = new System.Text.StringBuilder(text.Length);
        var point = -1;
        var sawDigit = false;
        var negative = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '+' or '-')
            {
                if (digits.Length > 0 || point >= 0 || i > 0) return false;
                negative = c == '-';
            }
            else if (c == '.')
            {
                if (point >= 0) return false;
                point = digits.Length;
            }
            else if (IsDigit(c))
            {
                sawDigit = true;
                digits.Append(c);
            }
            else
            {
                return false;
            }
        }
        if (!sawDigit) return false;
        scale = point >= 0 ? digits.Length - point : 0;
        unscaled = BigInteger.Parse(digits.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        if (negative) unscaled = -unscaled;
        return true;
    }

    // Compares unscaled × 10^-scale (scale ≤ 9 or a bounded value) with an integer.
    private static int Compare(BigInteger unscaled, int scale, BigInteger integer)
    {
        if (scale <= 0) return (unscaled * BigInteger.Pow(10, -scale)).CompareTo(integer);
        return unscaled.CompareTo(integer * BigInteger.Pow(10, scale));
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';
}
