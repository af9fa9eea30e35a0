using System.Globalization;
using System.Numerics;

namespace Injector.Kube.Quantities;

/// <summary>
/// Kubernetes' <c>resource.Quantity</c> (apimachinery v0.36.1): a fixed-point number with a suffix family, parsed
/// and written exactly as apimachinery does. Its text is the canonical form (no fraction, the largest exponent or
/// suffix that loses nothing, <c>0.5</c> → <c>500m</c>, <c>1.5Gi</c> → <c>1536Mi</c>), or the text it was parsed from
/// when that text was already canonical-looking (apimachinery keeps it: <c>100m</c>, <c>1Gi</c>, <c>1e3</c>, and
/// quirks such as <c>+1</c> and <c>007</c>). Values are held as an int64 with a decimal scale when they fit, and as
/// an arbitrary-precision decimal otherwise, like apimachinery's two representations; both give the same text.
/// Immutable.
/// </summary>
internal sealed class Quantity
{
    // value = _value × 10^_scale (apimachinery's int64Amount), unless _unscaled is set:
    // value = _unscaled × 10^(-_decScale) (inf.Dec).
    private readonly long _value;
    private readonly int _scale;
    private readonly BigInteger? _unscaled;
    private readonly int _decScale;
    private readonly string? _text;

    /// <summary>Zero in DecimalSI, as a Quantity parsed from <c>"0"</c> (written <c>0</c>).</summary>
    public static Quantity Zero { get; } = new(0, 0, QuantityFormat.DecimalSI, "0");

    private Quantity(long value, int scale, QuantityFormat format, string? text)
    {
        _value = value;
        _scale = scale;
        Format = format;
        _text = text;
    }

    private Quantity(BigInteger unscaled, int decScale, QuantityFormat format)
    {
        _unscaled = unscaled;
        _decScale = decScale;
        Format = format;
    }

    private Quantity(Quantity cleared)
    {
        Format = cleared.Format;
        _text = cleared._text;
    }

    public QuantityFormat Format { get; }

    public bool IsZero => _unscaled is { } u ? u.IsZero : _value == 0;

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => _unscaled is { } u ? u.Sign : Math.Sign(_value);

    /// <summary>A quantity of <paramref name="value"/> × 10^<paramref name="scale"/> in <paramref name="format"/>
    /// (apimachinery's <c>NewScaledQuantity</c> and friends), written in canonical form.</summary>
    public static Quantity FromScaled(long value, int scale, QuantityFormat format) => new(value, scale, format, null);

    /// <summary>What <c>UnmarshalJSON("null")</c> leaves: the value zeroed, the format and any kept text unchanged
    /// (apimachinery clears only the number, so a kept text is still written).</summary>
    public Quantity WithValueCleared() => new(this);

    /// <summary>apimachinery's <c>ParseQuantity</c>; the error text is apimachinery's.</summary>
    public static bool TryParse(string text, out Quantity quantity, out string? error) =>
        QuantityParser.TryParse(text, out quantity, out error);

    /// <summary>As <see cref="TryParse"/>, throwing <see cref="FormatException"/> with apimachinery's message.</summary>
    public static Quantity Parse(string text) =>
        TryParse(text, out var q, out var error) ? q : throw new FormatException(error);

    internal static Quantity FromInt64(long value, int scale, QuantityFormat format, string? text) => new(value, scale, format, text);

    internal static Quantity FromDecimal(BigInteger unscaled, int decScale, QuantityFormat format) => new(unscaled, decScale, format);

    /// <summary>The text <c>MarshalJSON</c> and <c>String()</c> produce.</summary>
    public override string ToString()
    {
        if (!string.IsNullOrEmpty(_text)) return _text;
        var (number, suffix) = Canonicalize();
        return number + suffix;
    }

    /// <summary><c>Value()</c>: the value rounded up (away from zero) to an integer. Values beyond int64 saturate.</summary>
    public long Value() => ScaledValue(0);

    /// <summary><c>MilliValue()</c>: the value × 1000, rounded up (away from zero). Values beyond int64 saturate.</summary>
    public long MilliValue() => ScaledValue(-3);

    /// <summary>How <c>fmt</c>'s <c>%v</c> prints a <c>resource.Quantity</c> value it cannot call <c>String()</c>
    /// on (the method has a pointer receiver): its unexported fields, <c>{{100 -3} {&lt;nil&gt;} 100m DecimalSI}</c>.
    /// The decimal representation's pointer prints as an address in Go; a fixed one stands for it here.</summary>
    internal string FormatGoValue()
    {
        var decimalPart = _unscaled is null ? "{<nil>}" : "{0xc000000000}";
        var value = _unscaled is null ? $"{{{_value} {_scale}}}" : "{0 0}";
        return $"{{{value} {decimalPart} {_text} {Format}}}";
    }

    /// <summary>Compares values (not formats).</summary>
    public int CompareTo(Quantity other)
    {
        var (a, ea) = Decimal();
        var (b, eb) = other.Decimal();
        if (a.Sign != b.Sign) return a.Sign.CompareTo(b.Sign);
        if (a.IsZero) return 0;
        // Orders of magnitude first, so no power of ten larger than the digits at hand is ever built.
        var ma = DecimalMath.DigitCount(a) + ea;
        var mb = DecimalMath.DigitCount(b) + eb;
        if (ma != mb) return (ma > mb ? 1 : -1) * a.Sign;
        var e = Math.Min(ea, eb);
        return (a * BigInteger.Pow(10, (int)(ea - e))).CompareTo(b * BigInteger.Pow(10, (int)(eb - e)));
    }

    /// <summary>The value as unscaled × 10^exponent.</summary>
    private (BigInteger Unscaled, long Exponent) Decimal() =>
        _unscaled is { } u ? (u, -(long)_decScale) : (_value, _scale);

    private long ScaledValue(int scale)
    {
        var (unscaled, exponent) = Decimal();
        if (unscaled.IsZero) return 0;
        var shift = exponent - scale;
        if (shift >= 0)
        {
            if (DecimalMath.DigitCount(unscaled) + shift > 19) return unscaled.Sign > 0 ? long.MaxValue : long.MinValue;
            var result = unscaled * BigInteger.Pow(10, (int)shift);
            return result > long.MaxValue ? long.MaxValue : result < long.MinValue ? long.MinValue : (long)result;
        }
        if (-shift > DecimalMath.DigitCount(unscaled)) return unscaled.Sign; // |value| < 1 unit: away from zero
        var divided = DecimalMath.DivideAwayFromZero(unscaled, BigInteger.Pow(10, (int)-shift));
        return divided > long.MaxValue ? long.MaxValue : divided < long.MinValue ? long.MinValue : (long)divided;
    }

    /// <summary>apimachinery's <c>CanonicalizeBytes</c>: the number and suffix of the canonical form.</summary>
    internal (string Number, string Suffix) Canonicalize()
    {
        if (IsZero) return ("0", "");
        var format = Format;
        if (format == QuantityFormat.BinarySI)
        {
            if (CompareToInt64(-1024) > 0 && CompareToInt64(1024) < 0)
            {
                format = QuantityFormat.DecimalSI; // small binary values are shown in decimal, without rounding
            }
            else if (!IsIntegral())
            {
                format = QuantityFormat.DecimalSI; // a fraction would be lost in base 1024
            }
        }
        if (format != QuantityFormat.BinarySI)
        {
            var (number, exponent) = CanonicalBase10();
            return (number, QuantitySuffixes.Construct(10, exponent, format));
        }
        var (binary, power) = CanonicalBase1024();
        return (binary, QuantitySuffixes.Construct(2, unchecked(power * 10), format));
    }

    private int CompareToInt64(long y) => CompareTo(FromScaled(y, 0, QuantityFormat.DecimalSI));

    private bool IsIntegral()
    {
        // Parsed decimals have at most nine fraction digits (nano units), so the power stays small.
        if (_unscaled is { } u) return _decScale <= 0 || BigInteger.Remainder(u, BigInteger.Pow(10, _decScale)).IsZero;
        return _scale >= 0 || DecimalMath.NegativeScale(_value, -_scale).Exact;
    }

    // The mantissa and a base-10 exponent that is a multiple of 3, with every other factor of 10 moved into the
    // exponent (int64Amount.AsCanonicalBytes / infDecAmount.AsCanonicalBytes).
    private (string Number, int Exponent) CanonicalBase10()
    {
        if (_unscaled is null)
        {
            var (amount, times) = DecimalMath.RemoveFactors(_value, 10L);
            var exponent = unchecked(_scale + times);
            var ok = true;
            switch (exponent % 3)
            {
                case 1 or -2:
                    (amount, ok) = DecimalMath.MultiplyScale(amount, 10);
                    exponent = unchecked(exponent - 1);
                    break;
                case 2 or -1:
                    (amount, ok) = DecimalMath.MultiplyScale(amount, 100);
                    exponent = unchecked(exponent - 2);
                    break;
            }
            if (ok) return (amount.ToString(CultureInfo.InvariantCulture), exponent);
            return BigCanonicalBase10(_value, unchecked(-_scale)); // overflow: apimachinery switches to inf.Dec
        }
        return BigCanonicalBase10(_unscaled.Value, _decScale);
    }

    private static (string Number, int Exponent) BigCanonicalBase10(BigInteger unscaled, int decScale)
    {
        var (amount, times) = DecimalMath.RemoveBigFactors(unscaled, 10);
        var exponent = unchecked(-decScale + times);
        while (exponent % 3 != 0)
        {
            amount *= 10;
            exponent = unchecked(exponent - 1);
        }
        return (amount.ToString(CultureInfo.InvariantCulture), exponent);
    }

    // The value rounded up to an integer, with every factor of 1024 moved into the exponent.
    private (string Number, int Exponent) CanonicalBase1024()
    {
        if (_unscaled is null)
        {
            long integer;
            var ok = true;
            if (_scale < 0) integer = DecimalMath.NegativeScale(_value, -_scale).Result;
            else (integer, ok) = DecimalMath.PositiveScale(_value, _scale);
            if (ok)
            {
                var (amount, times) = DecimalMath.RemoveFactors(integer, 1024L);
                return (amount.ToString(CultureInfo.InvariantCulture), times);
            }
            return BigCanonicalBase1024(_value * BigInteger.Pow(10, _scale), 0);
        }
        return BigCanonicalBase1024(_unscaled.Value, _decScale);
    }

    private static (string Number, int Exponent) BigCanonicalBase1024(BigInteger unscaled, int decScale)
    {
        var integer = DecimalMath.RoundUpToScale(unscaled, decScale, 0);
        var (amount, times) = DecimalMath.RemoveBigFactors(integer, 1024);
        return (amount.ToString(CultureInfo.InvariantCulture), times);
    }
}
