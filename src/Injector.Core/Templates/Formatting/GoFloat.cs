using System.Globalization;
using System.Numerics;
using System.Text;

namespace Injector.Templates.Formatting;

/// <summary>
/// Go's <c>strconv.FormatFloat</c> for float64 with the formats <c>e E f g G b x X</c>: the shortest digits that
/// round-trip when the precision is -1, otherwise the exact binary value rounded half-to-even at the requested digit.
/// </summary>
internal static class GoFloat
{
    public static string Format(double value, char format, int precision)
    {
        var builder = new StringBuilder(24);
        Append(builder, value, format, precision);
        return builder.ToString();
    }

    public static void Append(StringBuilder builder, double value, char format, int precision)
    {
        if (double.IsNaN(value))
        {
            builder.Append("NaN");
            return;
        }
        if (double.IsInfinity(value))
        {
            builder.Append(value > 0 ? "+Inf" : "-Inf");
            return;
        }
        bool negative = double.IsNegative(value);
        switch (format)
        {
            case 'b':
                AppendBinary(builder, value, negative);
                return;
            case 'x':
            case 'X':
                AppendHex(builder, value, format, precision, negative);
                return;
        }
        bool shortest = precision < 0;
        Digits digits;
        if (shortest)
        {
            digits = ShortestDigits(value);
            switch (format)
            {
                case 'e':
                case 'E':
                    precision = Math.Max(digits.Count - 1, 0);
                    break;
                case 'f':
                    precision = Math.Max(digits.Count - digits.Point, 0);
                    break;
                case 'g':
                case 'G':
                    precision = digits.Count;
                    break;
            }
        }
        else
        {
            digits = ExactDigits(value);
            switch (format)
            {
                case 'e':
                case 'E':
                    digits.Round(precision + 1);
                    break;
                case 'g':
                case 'G':
                    if (precision == 0)
                    {
                        precision = 1;
                    }
                    digits.Round(precision);
                    break;
                case 'f':
                    digits.Round(digits.Point + precision);
                    break;
            }
        }
        switch (format)
        {
            case 'e':
            case 'E':
                AppendE(builder, negative, digits, precision, format);
                return;
            case 'f':
                AppendF(builder, negative, digits, precision);
                return;
            case 'g':
            case 'G':
            {
                int eprec = precision;
                if (eprec > digits.Count && digits.Count >= digits.Point)
                {
                    eprec = digits.Count;
                }
                if (shortest)
                {
                    eprec = 6;
                }
                int exponent = digits.Point - 1;
                if (exponent < -4 || exponent >= eprec)
                {
                    if (precision > digits.Count)
                    {
                        precision = digits.Count;
                    }
                    AppendE(builder, negative, digits, precision - 1, format == 'g' ? 'e' : 'E');
                    return;
                }
                if (precision > digits.Point)
                {
                    precision = digits.Count;
                }
                AppendF(builder, negative, digits, Math.Max(precision - digits.Point, 0));
                return;
            }
            default:
                builder.Append('%').Append(format);
                return;
        }
    }

    private static void AppendE(StringBuilder builder, bool negative, Digits d, int precision, char format)
    {
        if (negative)
        {
            builder.Append('-');
        }
        builder.Append(d.Count != 0 ? d[0] : '0');
        if (precision > 0)
        {
            builder.Append('.');
            int i = 1;
            int m = Math.Min(d.Count, precision + 1);
            for (; i < m; i++)
            {
                builder.Append(d[i]);
            }
            for (; i <= precision; i++)
            {
                builder.Append('0');
            }
        }
        builder.Append(format);
        int exponent = d.Count == 0 ? 0 : d.Point - 1;
        builder.Append(exponent < 0 ? '-' : '+');
        exponent = Math.Abs(exponent);
        if (exponent < 10)
        {
            builder.Append('0').Append((char)('0' + exponent));
        }
        else
        {
            builder.Append(exponent.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void AppendF(StringBuilder builder, bool negative, Digits d, int precision)
    {
        if (negative)
        {
            builder.Append('-');
        }
        if (d.Point > 0)
        {
            int m = Math.Min(d.Count, d.Point);
            for (int i = 0; i < m; i++)
            {
                builder.Append(d[i]);
            }
            for (; m < d.Point; m++)
            {
                builder.Append('0');
            }
        }
        else
        {
            builder.Append('0');
        }
        if (precision > 0)
        {
            builder.Append('.');
            for (int i = 1; i <= precision; i++)
            {
                int j = d.Point + i - 1;
                builder.Append(j >= 0 && j < d.Count ? d[j] : '0');
            }
        }
    }

    private static void AppendBinary(StringBuilder builder, double value, bool negative)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & ((1L << 52) - 1);
        if (exponent == 0)
        {
            exponent++;
        }
        else
        {
            mantissa |= 1L << 52;
        }
        exponent += -1023 - 52;
        if (negative)
        {
            builder.Append('-');
        }
        builder.Append(mantissa.ToString(CultureInfo.InvariantCulture)).Append('p');
        if (exponent >= 0)
        {
            builder.Append('+');
        }
        builder.Append(exponent.ToString(CultureInfo.InvariantCulture));
    }

    private static void AppendHex(StringBuilder builder, double value, char format, int precision, bool negative)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF);
        ulong mantissa = (ulong)(bits & ((1L << 52) - 1));
        if (exponent == 0)
        {
            exponent++;
        }
        else
        {
            mantissa |= 1UL << 52;
        }
        exponent += -1023;
        if (mantissa == 0)
        {
            exponent = 0;
        }
        // Put the leading 1 at bit 60.
        mantissa <<= 60 - 52;
        while (mantissa != 0 && (mantissa & (1UL << 60)) == 0)
        {
            mantissa <<= 1;
            exponent--;
        }
        if (precision >= 0 && precision < 15)
        {
            int shift = precision * 4;
            ulong extra = (mantissa << shift) & ((1UL << 60) - 1);
            mantissa >>= 60 - shift;
            if ((extra | (mantissa & 1)) > 1UL << 59)
            {
                mantissa++;
            }
            mantissa <<= 60 - shift;
            if ((mantissa & (1UL << 61)) != 0)
            {
                mantissa >>= 1;
                exponent++;
            }
        }
        string hex = format == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
        if (negative)
        {
            builder.Append('-');
        }
        builder.Append('0').Append(format).Append((char)('0' + (int)((mantissa >> 60) & 1)));
        mantissa <<= 4;
        if (precision < 0 && mantissa != 0)
        {
            builder.Append('.');
            while (mantissa != 0)
            {
                builder.Append(hex[(int)((mantissa >> 60) & 15)]);
                mantissa <<= 4;
            }
        }
        else if (precision > 0)
        {
            builder.Append('.');
            for (int i = 0; i < precision; i++)
            {
                builder.Append(hex[(int)((mantissa >> 60) & 15)]);
                mantissa <<= 4;
            }
        }
        builder.Append(format == 'X' ? 'P' : 'p');
        builder.Append(exponent < 0 ? '-' : '+');
        exponent = Math.Abs(exponent);
        if (exponent < 100)
        {
            builder.Append((char)('0' + exponent / 10)).Append((char)('0' + exponent % 10));
        }
        else
        {
            builder.Append(exponent.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The shortest digits that parse back to <paramref name="value"/> (.NET's round-trip format finds the
    /// same digits as Go's shortest formatting: both pick the closest of the shortest candidates).</summary>
    private static Digits ShortestDigits(double value)
    {
        if (value == 0)
        {
            return new Digits(new StringBuilder(), 0);
        }
        string text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0;
        int e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        int dot = text.IndexOf('.');
        int point = dot < 0 ? text.Length : dot;
        var digits = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c != '.')
            {
                digits.Append(c);
            }
        }
        return Normalize(digits, point + exponent);
    }

    /// <summary>Every decimal digit of the binary value (a double's exact expansion is finite).</summary>
    private static Digits ExactDigits(double value)
    {
        if (value == 0)
        {
            return new Digits(new StringBuilder(), 0);
        }
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & ((1L << 52) - 1);
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }
        exponent -= 1023 + 52;
        string text;
        int point;
        if (exponent >= 0)
        {
            text = (new BigInteger(mantissa) << exponent).ToString(CultureInfo.InvariantCulture);
            point = text.Length;
        }
        else
        {
            // m / 2^k = m * 5^k / 10^k.
            text = (new BigInteger(mantissa) * BigInteger.Pow(5, -exponent)).ToString(CultureInfo.InvariantCulture);
            point = text.Length + exponent;
        }
        return Normalize(new StringBuilder(text), point);
    }

    private static Digits Normalize(StringBuilder digits, int point)
    {
        int leading = 0;
        while (leading < digits.Length && digits[leading] == '0')
        {
            leading++;
        }
        digits.Remove(0, leading);
        point -= leading;
        int end = digits.Length;
        while (end > 0 && digits[end - 1] == '0')
        {
            end--;
        }
        digits.Length = end;
        return new Digits(digits, digits.Length == 0 ? 0 : point);
    }

    /// <summary>A decimal 0.d1d2...dn × 10^Point.</summary>
    private sealed class Digits(StringBuilder digits, int point)
    {
        public int Point { get; private set; } = point;

        public int Count => digits.Length;

        public char this[int index] => digits[index];

        /// <summary>Rounds to <paramref name="count"/> digits, half to even on an exact tie.</summary>
        public void Round(int count)
        {
            if (count < 0 || count >= digits.Length)
            {
                if (count < 0)
                {
                    digits.Clear();
                    Point = 0;
                }
                return;
            }
            bool up;
            if (digits[count] > '5')
            {
                up = true;
            }
            else if (digits[count] < '5')
            {
                up = false;
            }
            else if (count + 1 < digits.Length)
            {
                // More non-zero digits follow (trailing zeros were trimmed): above the half.
                up = true;
            }
            else
            {
                up = count > 0 && (digits[count - 1] - '0') % 2 == 1;
            }
            if (!up)
            {
                digits.Length = count;
                Trim();
                return;
            }
            int i = count - 1;
            while (i >= 0 && digits[i] == '9')
            {
                i--;
            }
            if (i < 0)
            {
                digits.Clear();
                digits.Append('1');
                Point++;
                return;
            }
            digits[i]++;
            digits.Length = i + 1;
        }

        private void Trim()
        {
            int end = digits.Length;
            while (end > 0 && digits[end - 1] == '0')
            {
                end--;
            }
            digits.Length = end;
            if (end == 0)
            {
                Point = 0;
            }
        }
    }
}
