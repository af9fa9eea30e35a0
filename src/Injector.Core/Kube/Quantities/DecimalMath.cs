using System.Numerics;

namespace Injector.Kube.Quantities;

/// <summary>The fixed-point helpers behind <see cref="Quantity"/>, with apimachinery's rounding (away from zero) and
/// its int64 overflow rules.</summary>
internal static class DecimalMath
{
    /// <summary>value = result × factor^times with result not divisible by factor (sign kept; 0 stays 0).</summary>
    public static (long Result, int Times) RemoveFactors(long value, long factor)
    {
        var negative = value < 0;
        var result = negative ? unchecked(-value) : value;
        var times = 0;
        while (result >= factor && result % factor == 0)
        {
            times++;
            result /= factor;
        }
        return (negative ? unchecked(-result) : result, times);
    }

    public static (BigInteger Result, int Times) RemoveBigFactors(BigInteger value, int factor)
    {
        var times = 0;
        while (!value.IsZero)
        {
            var quotient = BigInteger.DivRem(value, factor, out var remainder);
            if (!remainder.IsZero) break;
            times++;
            value = quotient;
        }
        return (value, times);
    }

    /// <summary>a × b for b &gt; 1, or false when it leaves int64.</summary>
    public static (long Result, bool Ok) MultiplyScale(long a, long b)
    {
        var product = (Int128)a * b;
        return product < long.MinValue || product > long.MaxValue ? (0, false) : ((long)product, true);
    }

    /// <summary>base × 10^scale (scale ≥ 0), or false when it leaves int64.</summary>
    public static (long Result, bool Ok) PositiveScale(long value, int scale)
    {
        for (var i = 0; i < scale; i++)
        {
            if (value == 0) return (0, true);
            var (next, ok) = MultiplyScale(value, 10);
            if (!ok) return (0, false);
            value = next;
        }
        return (value, true);
    }

    /// <summary>base ÷ 10^scale (scale ≥ 0), rounded away from zero, and whether that was exact.</summary>
    public static (long Result, bool Exact) NegativeScale(long value, int scale)
    {
        if (scale == 0) return (value, true);
        var original = value;
        var fraction = false;
        for (var i = 0; i < scale; i++)
        {
            if (!fraction && value % 10 != 0) fraction = true;
            value /= 10;
            if (value == 0)
            {
                if (fraction) return (original > 0 ? 1 : -1, false);
                return (0, true);
            }
        }
        if (fraction) value += original > 0 ? 1 : -1;
        return (value, !fraction);
    }

    /// <summary>a ÷ b (b &gt; 0) rounded away from zero.</summary>
    public static BigInteger DivideAwayFromZero(BigInteger a, BigInteger b)
    {
        var quotient = BigInteger.DivRem(a, b, out var remainder);
        return remainder.IsZero ? quotient : quotient + a.Sign;
    }

    /// <summary>
    /// The unscaled value of (unscaled × 10^-fromScale) at scale <paramref name="toScale"/>, rounded away from zero
    /// (inf.Dec's <c>Round</c> with <c>RoundUp</c>). Only for rounding down in scale (toScale ≤ fromScale); a shift
    /// longer than the number has digits leaves ±1, without computing a huge power of ten.
    /// </summary>
    public static BigInteger RoundUpToScale(BigInteger unscaled, int fromScale, int toScale)
    {
        if (toScale >= fromScale) return unscaled * BigInteger.Pow(10, toScale - fromScale);
        var shift = (long)fromScale - toScale;
        if (unscaled.IsZero) return unscaled;
        if (shift > DigitCount(unscaled)) return unscaled.Sign; // 0 < |value| < 1 at the new scale: away from zero
        return DivideAwayFromZero(unscaled, BigInteger.Pow(10, (int)shift));
    }

    /// <summary>Decimal digits of |value| (1 for 0).</summary>
    public static long DigitCount(BigInteger value)
    {
        if (value.IsZero) return 1;
        return BigInteger.Abs(value).ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
    }
}
