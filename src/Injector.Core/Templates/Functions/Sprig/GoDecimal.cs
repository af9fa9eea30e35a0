using System.Globalization;
using System.Numerics;
using Injector.Templates.Formatting;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Sprig;

/// <summary>
/// shopspring/decimal as Sprig's float functions use it: each operand becomes the shortest decimal of its float64
/// (<c>NewFromFloat</c>), sums and products are exact, division rounds half away from zero to 16 places, and the
/// result is the float64 nearest the decimal.
/// </summary>
internal readonly record struct GoDecimal(BigInteger Coefficient, int Exponent)
{
    private const int DivisionPrecision = 16;

    public static double Operate(object? first, object?[] others, Func<GoDecimal, GoDecimal, GoDecimal> operation)
    {
        var result = FromFloat(GoCast.ToFloat64(first));
        foreach (var other in others)
        {
            result = operation(result, FromFloat(GoCast.ToFloat64(other)));
        }
        return result.ToFloat64();
    }

    public static GoDecimal FromFloat(double value)
    {
        if (double.IsNaN(value))
        {
            throw new GoCallException("Cannot create a Decimal from NaN");
        }
        if (double.IsInfinity(value))
        {
            throw new GoCallException("Cannot create a Decimal from " + (value > 0 ? "+Inf" : "-Inf"));
        }
        if (value == 0)
        {
            return new GoDecimal(0, 0);
        }
        // The shortest digits that round-trip, as strconv.FormatFloat(f, 'e', -1) gives them.
        string text = GoFloat.Format(value, 'e', -1);
        int e = text.IndexOf('e');
        int exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = text[..e].Replace(".", "", StringComparison.Ordinal);
        int fractionDigits = text.IndexOf('.') is int dot and >= 0 ? e - dot - 1 : 0;
        return new GoDecimal(BigInteger.Parse(mantissa, CultureInfo.InvariantCulture), exponent - fractionDigits);
    }

    public static GoDecimal Add(GoDecimal a, GoDecimal b)
    {
        var (x, y, exponent) = Align(a, b);
        return new GoDecimal(x + y, exponent);
    }

    public static GoDecimal Subtract(GoDecimal a, GoDecimal b)
    {
        var (x, y, exponent) = Align(a, b);
        return new GoDecimal(x - y, exponent);
    }

    public static GoDecimal Multiply(GoDecimal a, GoDecimal b) =>
        new(a.Coefficient * b.Coefficient, a.Exponent + b.Exponent);

    /// <summary><c>DivRound(d2, 16)</c>: the quotient truncated to 16 places, then rounded half away from zero.</summary>
    public static GoDecimal Divide(GoDecimal a, GoDecimal b)
    {
        if (b.Coefficient.IsZero)
        {
            throw new GoCallException("decimal division by zero");
        }
        // q = a / b scaled to 10^-precision: a.c * 10^(a.e + p) / (b.c * 10^b.e).
        int scale = a.Exponent + DivisionPrecision - b.Exponent;
        BigInteger numerator = a.Coefficient, denominator = b.Coefficient;
        if (scale >= 0)
        {
            numerator *= BigInteger.Pow(10, scale);
        }
        else
        {
            denominator *= BigInteger.Pow(10, -scale);
        }
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        if (BigInteger.Abs(remainder) * 2 >= BigInteger.Abs(denominator))
        {
            quotient += (numerator.Sign * denominator.Sign) < 0 ? -1 : 1;
        }
        return new GoDecimal(quotient, -DivisionPrecision);
    }

    private static (BigInteger X, BigInteger Y, int Exponent) Align(GoDecimal a, GoDecimal b)
    {
        if (a.Exponent == b.Exponent)
        {
            return (a.Coefficient, b.Coefficient, a.Exponent);
        }
        if (a.Exponent < b.Exponent)
        {
            return (a.Coefficient, b.Coefficient * BigInteger.Pow(10, b.Exponent - a.Exponent), a.Exponent);
        }
        return (a.Coefficient * BigInteger.Pow(10, a.Exponent - b.Exponent), b.Coefficient, b.Exponent);
    }

    /// <summary>The float64 nearest the decimal (.NET parses decimal text correctly rounded, as Go's Rat.Float64 is).</summary>
    public double ToFloat64()
    {
        if (Coefficient.IsZero)
        {
            return 0;
        }
        string text = Coefficient.ToString(CultureInfo.InvariantCulture) + "e" + Exponent.ToString(CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
