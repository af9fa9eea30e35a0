using System.Globalization;
using System.Numerics;
using Injector.Templates.Formatting;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Sprig;

/// <summary>
/// <c>spf13/cast</c> v1.7 as Sprig uses it (errors ignored, so anything unconvertible is 0), plus the Go numeric
/// conversions and <c>strconv</c> parsers its results depend on.
/// </summary>
internal static class GoCast
{
    public static long ToInt64(object? value) => value switch
    {
        long l => l,
        double d => FloatToInt64(d),
        bool b => b ? 1 : 0,
        string s => ParseInt(TrimZeroDecimal(s), 0, out long parsed) ? parsed : 0,
        // Named integer types (protobuf enums) are not among cast's cases.
        _ => 0,
    };

    public static double ToFloat64(object? value) => value switch
    {
        double d => d,
        long l => l,
        bool b => b ? 1 : 0,
        string s => ParseFloat(s, out double parsed) ? parsed : 0,
        _ => 0,
    };

    /// <summary>Go's <c>int64(f)</c> on amd64: truncation, and the "integer indefinite" value when out of range.</summary>
    public static long FloatToInt64(double value)
    {
        if (double.IsNaN(value) || value >= 9.2233720368547758e18 || value < -9.2233720368547758e18)
        {
            return long.MinValue;
        }
        return (long)value;
    }

    /// <summary>cast drops a trailing <c>.0</c> (<c>"2.00"</c> → <c>"2"</c>) before parsing an integer.</summary>
    private static string TrimZeroDecimal(string s)
    {
        bool foundZero = false;
        for (int i = s.Length; i > 0; i--)
        {
            switch (s[i - 1])
            {
                case '.':
                    if (foundZero)
                    {
                        return s[..(i - 1)];
                    }
                    break;
                case '0':
                    foundZero = true;
                    break;
                default:
                    return s;
            }
        }
        return s;
    }

    /// <summary><c>strconv.ParseInt(s, base, 64)</c>; base 0 reads Go prefixes and underscores.</summary>
    public static bool ParseInt(string s, int numberBase, out long value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }
        var text = s.AsSpan();
        bool negative = false;
        if (text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            text = text[1..];
        }
        if (!ParseUint(text, numberBase, out var magnitude))
        {
            return false;
        }
        if (negative)
        {
            if (magnitude > (BigInteger)long.MaxValue + 1)
            {
                return false;
            }
            value = (long)-magnitude;
            return true;
        }
        if (magnitude > long.MaxValue)
        {
            return false;
        }
        value = (long)magnitude;
        return true;
    }

    private static bool ParseUint(ReadOnlySpan<char> s, int numberBase, out BigInteger value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }
        bool base0 = numberBase == 0;
        if (base0)
        {
            numberBase = 10;
            if (s[0] == '0')
            {
                if (s.Length >= 3 && char.ToLowerInvariant(s[1]) == 'b')
                {
                    numberBase = 2;
                    s = s[2..];
                }
                else if (s.Length >= 3 && char.ToLowerInvariant(s[1]) == 'o')
                {
                    numberBase = 8;
                    s = s[2..];
                }
                else if (s.Length >= 3 && char.ToLowerInvariant(s[1]) == 'x')
                {
                    numberBase = 16;
                    s = s[2..];
                }
                else
                {
                    numberBase = 8;
                    s = s[1..];
                }
            }
        }
        bool underscores = false;
        foreach (char c in s)
        {
            int digit;
            if (c == '_' && base0)
            {
                underscores = true;
                continue;
            }
            digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= numberBase)
            {
                return false;
            }
            value = value * numberBase + digit;
            if (value.GetBitLength() > 70)
            {
                return true;
            }
        }
        return !underscores || UnderscoreOk(s);
    }

    private static bool UnderscoreOk(ReadOnlySpan<char> digits) =>
        digits.Length > 0 && digits[0] != '_' && digits[^1] != '_' && !digits.Contains("__", StringComparison.Ordinal);

    /// <summary><c>strconv.ParseFloat(s, 64)</c>: decimal, hex (<c>0x1p-2</c>), <c>inf</c>, <c>nan</c>; out of range fails.</summary>
    public static bool ParseFloat(string s, out double value)
    {
        value = 0;
        var text = s.AsSpan();
        bool negative = false;
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            text = text[1..];
        }
        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase) && s.Length == 3)
        {
            value = double.NaN;
            return true;
        }
        if (text.Length == 0)
        {
            return false;
        }
        if (text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X')
        {
            // Hexadecimal needs its 'p' exponent.
            if (text.IndexOfAny('p', 'P') < 0)
            {
                return false;
            }
            var literal = Parsing.GoNumberLiteral.Parse(s, Parsing.TokenKind.Number, out var error);
            if (error is not null || !literal.IsFloat)
            {
                return false;
            }
            value = literal.Float64;
            return true;
        }
        // Decimal: digits, an optional point, an optional exponent; underscores only between digits.
        var digits = new System.Text.StringBuilder(text.Length);
        int i = 0;
        bool mantissaDigits = false;
        char previous = '^';
        for (; i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '_' or '.'); i++)
        {
            char c = text[i];
            if (c == '_')
            {
                if (!char.IsAsciiDigit(previous) || i + 1 >= text.Length || !char.IsAsciiDigit(text[i + 1]))
                {
                    return false;
                }
            }
            else
            {
                if (c == '.' && digits.ToString().Contains('.'))
                {
                    return false;
                }
                mantissaDigits |= char.IsAsciiDigit(c);
                digits.Append(c);
            }
            previous = c;
        }
        if (!mantissaDigits)
        {
            return false;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            digits.Append('e');
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                digits.Append(text[i]);
                i++;
            }
            int exponentStart = i;
            for (; i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_'); i++)
            {
                if (text[i] != '_')
                {
                    digits.Append(text[i]);
                }
            }
            if (i == exponentStart)
            {
                return false;
            }
        }
        if (i != text.Length)
        {
            return false;
        }
        if (!double.TryParse(digits.ToString(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            value = 0;
            return false;
        }
        if (negative)
        {
            value = -value;
        }
        return true;
    }

    /// <summary><c>strconv.Atoi</c>: base 10, optional sign.</summary>
    public static bool Atoi(string s, out long value)
    {
        value = 0;
        var text = s.AsSpan();
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            text = text[1..];
        }
        if (text.Length == 0 || text.ContainsAnyExcept("0123456789"))
        {
            return false;
        }
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Go's <c>int(x)</c> of a float64 in <c>math.Floor(...)</c> results.</summary>
    public static long Truncate(double value) => FloatToInt64(value);

    public static string FormatInt(long value) => value.ToString(CultureInfo.InvariantCulture);
}
