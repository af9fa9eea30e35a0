using Injector.Kube.Quantities;

namespace Injector.Tests.Kube.Quantities;

/// <summary>
/// <c>resource.Quantity</c> parse-then-marshal cases. Every expected text was worked out by hand from
/// apimachinery v0.36.1 <c>pkg/api/resource</c> (quantity.go <c>ParseQuantity</c>/<c>parseQuantityString</c>/
/// <c>CanonicalizeBytes</c>/<c>MarshalJSON</c>, amount.go, math.go, suffix.go); the reasoning is in each comment.
/// "kept" means ParseQuantity's fast path stored the input as the written text (scale a multiple of 3, digits not
/// ending in 000 nor starting with 0; for binary suffixes, mantissa not a multiple of 8).
/// </summary>
public sealed class QuantityTests
{
    [Theory]
    [InlineData("0", "0")] // special-cased: Quantity{DecimalSI, s: "0"}
    [InlineData("0.5", "500m")] // num 0, denom 5, scale -1 → {5,-1} → ×100 → 500e-3 → m
    [InlineData("1.5", "1500m")] // {15,-1} → 1500m
    [InlineData("-0.5", "-500m")]
    [InlineData("100m", "100m")] // kept
    [InlineData("1000m", "1")] // digits end in 000: {1000,-3} → remove 10³ → 1e0
    [InlineData("1000", "1k")] // {1000,0} → 1e3 → k
    [InlineData("1000000", "1M")]
    [InlineData("1e3", "1e3")] // DecimalExponent, scale 3, digits "1": kept
    [InlineData("1E3", "1E3")] // kept as written, capital E included
    [InlineData("1000e0", "1e3")] // DecimalExponent exponent 0, digits end in 000 → {1000,0} → 1, exponent 3 → e3
    [InlineData("1.5e3", "1500")] // {15,2} → ×100 → 1500e0; DecimalExponent writes no suffix for exponent 0
    [InlineData("5E2", "500")] // scale 2 not a multiple of 3 → {5,2} → 500e0
    [InlineData("1.23e4", "12300")]
    [InlineData("129e6", "129e6")] // kept
    [InlineData("128974848", "128974848")] // kept (ends in 848)
    [InlineData("1024", "1024")] // kept: 1024 is decimal here
    [InlineData("0100", "0100")] // leading zero stripped from the digits ("100"), so the check passes and the input is kept
    [InlineData("007", "007")] // same quirk
    [InlineData("+1", "+1")] // same quirk: the sign is part of the kept text
    [InlineData("1.", "1.")] // empty fraction: digits "1", scale 0, kept
    [InlineData("1.0", "1")] // {10,-1} → 1e0
    [InlineData("0.0", "0")]
    [InlineData("-0", "0")]
    [InlineData("+0.0", "0")]
    [InlineData(".", "0")] // no digits at all still parses: numerator "0", empty fraction
    [InlineData("-", "0")] // a lone sign: the zero-stripping loop reaches the end, numerator "0"
    [InlineData("-1", "-1")] // kept
    [InlineData("1m", "1m")] // kept
    [InlineData("1000000n", "1m")] // {1000000,-9} → 1e-3
    [InlineData("0.1m", "100u")] // {1,-4} → ×100 → 100e-6 → u (no longer rounded to 1m)
    [InlineData("1.5m", "1500u")] // {15,-4} → 1500e-6
    [InlineData("-1.5m", "-1500u")]
    [InlineData("1n", "1n")] // kept
    [InlineData("0.000000001", "1n")] // scale -9 is still the fast path: {1,-9}
    [InlineData("0.0000000001", "1n")] // scale -10: decimal path, rounded up to a whole nano unit
    [InlineData("0.5n", "1n")] // rounded up (away from zero)
    [InlineData("-0.5n", "-1n")] // rounded away from zero on the magnitude, sign restored
    [InlineData("1e-10", "1e-9")] // DecimalExponent keeps its format after rounding up to 1e-9
    [InlineData("12345678901234567890", "12345678901234567890")] // 20 digits: decimal path, no cap for decimal formats
    [InlineData("9223372036854775807", "9223372036854775807")] // 19 digits: decimal path
    [InlineData("1000E", "1")] // {1000,18} → 1 with exponent 21: DecimalSI has no suffix for 10^21 and the failed lookup is ignored
    public void Decimal_quantities_are_written_in_canonical_form(string input, string expected)
    {
        Assert.Equal(expected, Quantity.Parse(input).ToString());
    }

    [Theory]
    [InlineData("1Ki", "1Ki")] // kept (1 & 7 != 0)
    [InlineData("1Gi", "1Gi")] // kept
    [InlineData("10Gi", "10Gi")] // kept (10 & 7 = 2)
    [InlineData("123Mi", "123Mi")] // kept
    [InlineData("100Mi", "100Mi")] // kept (100 & 7 = 4)
    [InlineData("128Mi", "128Mi")] // 128 & 7 = 0: not kept; 128·2^20 = 128·1024² → 128Mi again
    [InlineData("1000Mi", "1000Mi")] // 1000 & 7 = 0: not kept; 1000·1024² → 1000 is not a multiple of 1024 → 1000Mi
    [InlineData("1024Mi", "1Gi")] // 2^30 → 1·1024³
    [InlineData("2048Ki", "2Mi")]
    [InlineData("1.5Gi", "1536Mi")] // fraction: decimal path, 1.5·2^30 = 1536·1024²
    [InlineData("-1.5Gi", "-1536Mi")]
    [InlineData("0.5Gi", "512Mi")]
    [InlineData("0.5Ki", "512")] // 512 < 1024: written as DecimalSI
    [InlineData("0.1Ki", "102400m")] // 102.4: DecimalSI, 102400e-3
    [InlineData("1.1Ki", "1126400m")] // 1126.4 is not whole: DecimalSI
    [InlineData("0Mi", "0")]
    [InlineData("1Ei", "1Ei")] // 2^60: precision check sends it down the decimal path; same text
    [InlineData("8Ei", "9223372036854775807")] // 2^63 capped at 2^63-1, odd, so no binary suffix
    [InlineData("1023", "1023")]
    public void Binary_quantities_use_powers_of_1024_when_exact(string input, string expected)
    {
        Assert.Equal(expected, Quantity.Parse(input).ToString());
    }

    [Theory]
    [InlineData("", QuantityParserErrors.FormatWrong)]
    [InlineData("abc", QuantityParserErrors.FormatWrong)]
    [InlineData("1.2.3", QuantityParserErrors.FormatWrong)]
    [InlineData("1x", QuantityParserErrors.FormatWrong)]
    [InlineData("1 ", QuantityParserErrors.FormatWrong)] // spaces are trimmed by UnmarshalJSON, not by ParseQuantity
    [InlineData("1Mi1", QuantityParserErrors.Suffix)] // letters, then digits: shaped right, but no such suffix
    [InlineData("1e", QuantityParserErrors.Suffix)] // a lone e is no suffix (E is exa)
    [InlineData("1ee3", QuantityParserErrors.Suffix)]
    [InlineData("1K", QuantityParserErrors.Suffix)] // k is lower case
    [InlineData("+.e-10", QuantityParserErrors.Numeric)] // decimal path (scale -10) with no digit at all
    public void Malformed_quantities_fail_with_apimachinerys_messages(string input, string expected)
    {
        Assert.False(Quantity.TryParse(input, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Exponents_wrap_to_int32_as_in_apimachinery()
    {
        // ParseInt gives 4294967296 and int32() keeps the low bits: exponent 0, and the text is kept.
        Assert.Equal("1e4294967296", Quantity.Parse("1e4294967296").ToString());
        // 2^32 + 1 keeps exponent 1: {100, 1} is not kept (scale 1) → 1, exponent 3 → 1e3.
        Assert.Equal("1e3", Quantity.Parse("100e4294967297").ToString());
        // 2^32 + 3 keeps exponent 3 and "10" passes the check, so the input text itself is kept.
        Assert.Equal("10e4294967299", Quantity.Parse("10e4294967299").ToString());
    }

    [Fact]
    public void Huge_decimal_exponents_are_written_without_building_the_number()
    {
        // 19 digits force the decimal path; apimachinery would build 10^2000000009 here (rounding to nano units),
        // then move those factors back into the exponent and make it a multiple of 3 (2000000000 = 3k + 2).
        var q = Quantity.Parse("1234567890123456789e2000000000");
        Assert.Equal("123456789012345678900e1999999998", q.ToString());
        var tiny = Quantity.Parse("1.5e-2000000000");
        Assert.Equal("1e-9", tiny.ToString()); // rounded up to one nano unit
    }

    [Theory]
    [InlineData("100m", 1, 100)]
    [InlineData("1.5", 2, 1500)]
    [InlineData("1Ki", 1024, 1024000)]
    [InlineData("-0.5n", -1, -1)]
    [InlineData("0.5n", 1, 1)]
    [InlineData("128Mi", 134217728, 134217728000)]
    public void Value_and_milli_value_round_away_from_zero(string input, long value, long milli)
    {
        var q = Quantity.Parse(input);
        Assert.Equal(value, q.Value());
        Assert.Equal(milli, q.MilliValue());
    }

    [Fact]
    public void Compare_orders_by_value_not_by_text()
    {
        Assert.Equal(0, Quantity.Parse("1k").CompareTo(Quantity.Parse("1000")));
        Assert.True(Quantity.Parse("1Ki").CompareTo(Quantity.Parse("1k")) > 0);
        Assert.True(Quantity.Parse("-1").CompareTo(Quantity.Parse("0.5n")) < 0);
        Assert.True(Quantity.Parse("1e2000000000").CompareTo(Quantity.Parse("9223372036854775807")) > 0);
    }

    [Fact]
    public void Clearing_the_value_keeps_a_kept_text_like_unmarshal_of_null()
    {
        Assert.Equal("100m", Quantity.Parse("100m").WithValueCleared().ToString());
        Assert.Equal("0", Quantity.Parse("0.5").WithValueCleared().ToString());
    }
}

internal static class QuantityParserErrors
{
    public const string FormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public const string Numeric = "unable to parse numeric part of quantity";
    public const string Suffix = "unable to parse quantity's suffix";
}
