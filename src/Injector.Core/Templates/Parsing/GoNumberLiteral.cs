using System.Globalization;
using System.Numerics;
using Injector.Templates.Formatting;

namespace Injector.Templates.Parsing;

/// <summary>
/// A number literal with every Go type its text fits (Go's <c>parse.NumberNode</c>): <c>3</c> is an int, a uint and a
/// float; <c>3.0</c> is a float that is also integral; <c>'a'</c> is the rune 97. Complex literals are refused.
/// </summary>
internal sealed class GoNumberLiteral
{
    public bool IsInt { get; private init; }

    public bool IsUint { get; private init; }

    public bool IsFloat { get; private init; }

    public long Int64 { get; private init; }

    public ulong Uint64 { get; private init; }

    public double Float64 { get; private init; }

    /// <summary>Parses a number or character token; the error is Go's message (<c>illegal number syntax: "1x"</c>).</summary>
    public static GoNumberLiteral Parse(string text, TokenKind kind, out string? error)
    {
        error = null;
        if (kind == TokenKind.CharConstant)
        {
            int index = 1;
            if (!GoQuote.UnquoteChar(text, ref index, '\'', out int rune, out _))
            {
                error = "invalid syntax";
                return new GoNumberLiteral();
            }
            if (text.AsSpan(index).ToString() != "'")
            {
                error = "malformed character constant: " + text;
                return new GoNumberLiteral();
            }
            return new GoNumberLiteral { IsInt = true, Int64 = rune, IsUint = true, Uint64 = (ulong)rune, IsFloat = true, Float64 = rune };
        }
        if (kind == TokenKind.Complex || text.EndsWith('i'))
        {
            error = "complex number " + text + " is not supported";
            return new GoNumberLiteral();
        }
        bool parsed = TryParseInteger(text, out var big);
        // strconv.ParseUint takes no sign; ParseInt does.
        bool isUint = parsed && text[0] is not ('+' or '-') && big >= 0 && big <= ulong.MaxValue;
        bool isInt = parsed && big >= long.MinValue && big <= long.MaxValue;
        ulong u = isUint ? (ulong)big : 0;
        long i = isInt ? (long)big : 0;
        if (isInt && i == 0)
        {
            // -0 is a uint too.
            isUint = true;
            u = 0;
        }
        if (isInt)
        {
            return new GoNumberLiteral { IsInt = true, Int64 = i, IsUint = isUint, Uint64 = u, IsFloat = true, Float64 = i };
        }
        if (isUint)
        {
            return new GoNumberLiteral { IsUint = true, Uint64 = u, IsFloat = true, Float64 = u };
        }
        if (TryParseFloat(text, out double f))
        {
            if (text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) < 0)
            {
                error = "integer overflow: " + GoQuote.Quote(text);
                return new GoNumberLiteral();
            }
            bool integral = Math.Abs(f) < 9.3e18 && Math.Floor(f) == f;
            bool asInt = integral && f >= long.MinValue && f < 9.2233720368547758e18;
            bool asUint = integral && f >= 0 && f < 1.8446744073709552e19;
            return new GoNumberLiteral
            {
                IsFloat = true,
                Float64 = f,
                IsInt = asInt,
                Int64 = asInt ? (long)f : 0,
                IsUint = asUint,
                Uint64 = asUint ? (ulong)f : 0,
            };
        }
        error = "illegal number syntax: " + GoQuote.Quote(text);
        return new GoNumberLiteral();
    }

    /// <summary><c>strconv.ParseInt(text, 0, 64)</c> syntax: sign, base prefix (<c>0x 0o 0b</c>, or <c>0</c> for
    /// octal), digits with underscores only where Go allows them.</summary>
    private static bool TryParseInteger(string text, out BigInteger value)
    {
        value = 0;
        var s = text.AsSpan();
        bool negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length == 0)
        {
            return false;
        }
        int numberBase = 10;
        bool prefixed = false;
        if (s[0] == '0' && s.Length > 1)
        {
            switch (char.ToLowerInvariant(s[1]))
            {
                case 'x': numberBase = 16; s = s[2..]; prefixed = true; break;
                case 'o': numberBase = 8; s = s[2..]; prefixed = true; break;
                case 'b': numberBase = 2; s = s[2..]; prefixed = true; break;
                default: numberBase = 8; s = s[1..]; prefixed = true; break;
            }
        }
        if (s.Length == 0 && numberBase != 8)
        {
            return false;
        }
        if (!UnderscoresOk(text))
        {
            return false;
        }
        BigInteger result = 0;
        bool any = numberBase == 8 && prefixed;
        foreach (char c in s)
        {
            if (c == '_')
            {
                continue;
            }
            int digit = c switch
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
            result = result * numberBase + digit;
            any = true;
            if (result.GetBitLength() > 70)
            {
                // Beyond any 64-bit type: report it as out of range.
                value = negative ? -result : result;
                return true;
            }
        }
        value = negative ? -result : result;
        return any;
    }

    /// <summary>Go's rule: an underscore must separate digits, or follow a base prefix.</summary>
    private static bool UnderscoresOk(string text)
    {
        if (!text.Contains('_'))
        {
            return true;
        }
        char saw = '^';
        int i = 0;
        if (text.Length >= 1 && text[0] is '-' or '+')
        {
            i++;
        }
        bool hex = false;
        if (text.Length - i >= 2 && text[i] == '0' && char.ToLowerInvariant(text[i + 1]) is 'b' or 'o' or 'x')
        {
            hex = char.ToLowerInvariant(text[i + 1]) == 'x';
            i += 2;
            saw = '0';
        }
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c is >= '0' and <= '9' || hex && char.ToLowerInvariant(c) is >= 'a' and <= 'f')
            {
                saw = '0';
                continue;
            }
            if (c == '_')
            {
                if (saw != '0')
                {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_')
            {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    /// <summary><c>strconv.ParseFloat(text, 64)</c> for decimal and hexadecimal literals.</summary>
    private static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        if (!UnderscoresOk(text))
        {
            return false;
        }
        string s = text.Replace("_", "", StringComparison.Ordinal);
        bool negative = false;
        var body = s.AsSpan();
        if (body.Length > 0 && body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }
        if (body.Length > 2 && body[0] == '0' && body[1] is 'x' or 'X')
        {
            if (!TryParseHexFloat(body[2..], out value))
            {
                return false;
            }
            value = negative ? -value : value;
            return true;
        }
        foreach (char c in body)
        {
            if (c is not ((>= '0' and <= '9') or '.' or 'e' or 'E' or '+' or '-'))
            {
                return false;
            }
        }
        if (!double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out value))
        {
            return false;
        }
        // Go reports overflow as an error (the value is then not a float).
        return double.IsFinite(value);
    }

    private static bool TryParseHexFloat(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        int p = s.IndexOfAny('p', 'P');
        if (p < 0)
        {
            // A hex float needs its exponent.
            return false;
        }
        var mantissaText = s[..p];
        if (!int.TryParse(s[(p + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int exponent))
        {
            return false;
        }
        BigInteger mantissa = 0;
        int fractionDigits = 0;
        bool seenDot = false, any = false;
        foreach (char c in mantissaText)
        {
            if (c == '.')
            {
                if (seenDot)
                {
                    return false;
                }
                seenDot = true;
                continue;
            }
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }
            mantissa = mantissa * 16 + digit;
            any = true;
            if (seenDot)
            {
                fractionDigits++;
            }
        }
        if (!any)
        {
            return false;
        }
        value = (double)mantissa * Math.Pow(2, exponent - 4 * fractionDigits);
        return double.IsFinite(value);
    }
}
