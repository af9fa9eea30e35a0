using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Injector.Workloads;

/// <summary>
/// The types of plain YAML scalars (YAML 1.2 core schema): <c>80</c> is a number, <c>true</c> a boolean,
/// <c>null</c>/<c>~</c>/empty is null, everything else a string. Quoted and block scalars are always strings.
/// Writing goes the other way, and also quotes strings that YAML 1.1 readers (kubectl, Go's yaml.v2) would
/// take for something else (<c>yes</c>, <c>on</c>, <c>0x1F</c>, <c>1_000</c>, dates).
/// </summary>
internal static partial class YamlScalars
{
    /// <summary>The JSON value of a plain (unquoted, untagged) scalar.</summary>
    public static JsonNode? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (!LooksNumeric(text)) return JsonValue.Create(text);

        if (DecimalInteger().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
            return JsonNode.Parse(TrimForJson(text)); // beyond 64 bits: keep every digit
        }
        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }
        if (text.StartsWith("0o", StringComparison.Ordinal) && TryParseOctal(text.AsSpan(2), out var octal))
        {
            return JsonValue.Create(octal);
        }
        if (Float().IsMatch(text)) return JsonNode.Parse(TrimForJson(text));
        return JsonValue.Create(text); // .inf and .nan have no JSON form; keep the text
    }

    /// <summary>True when a string must be quoted to read back as a string in YAML 1.2 and YAML 1.1.</summary>
    public static bool NeedsQuotes(string value)
    {
        if (ResolvePlain(value) is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String) return true;
        return Yaml11Ambiguous().IsMatch(value);
    }

    /// <summary>
    /// A conservative test for writing a string without quotes: printable characters only, no surrounding
    /// whitespace, no leading indicator, no <c>": "</c> or <c>" #"</c>, and it must read back as a string.
    /// (YamlDotNet's emitter would write a lone tab unquoted, which its parser then rejects.)
    /// </summary>
    public static bool CanBePlain(string value)
    {
        if (value.Length == 0 || NeedsQuotes(value)) return false;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(value[0]) || value[0] == ' ' || value[^1] is ' ' or ':') return false;
        foreach (var c in value)
        {
            if (!IsPlainPrintable(c)) return false;
        }
        return !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal);
    }

    /// <summary>A multi-line string that a <c>|</c> block keeps exactly: printable lines, no trailing spaces, no leading space.</summary>
    public static bool CanBeLiteral(string value)
    {
        if (!value.Contains('\n') || value[0] is ' ' or '\n') return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\n')
            {
                if (i > 0 && value[i - 1] == ' ') return false;
                continue;
            }
            if (!IsPlainPrintable(c)) return false;
        }
        return value[^1] != ' ';
    }

    // No control characters (tab included), no Unicode line or paragraph separators, no BOM or NBSP.
    private static bool IsPlainPrintable(char c) =>
        c >= ' ' && c != '\u007f' && !(c is >= '\u0080' and <= '\u00a0') && c is not ('\u2028' or '\u2029' or '\ufeff');

    private static bool LooksNumeric(string text)
    {
        var c = text[0];
        return c is >= '0' and <= '9' or '-' or '+' or '.';
    }

    // JSON numbers have no '+', no leading zeros and no bare '.' at either end.
    private static string TrimForJson(string text)
    {
        var negative = text[0] == '-';
        var body = text[0] is '-' or '+' ? text[1..] : text;
        var exponentAt = body.IndexOfAny(['e', 'E']);
        var mantissa = exponentAt < 0 ? body : body[..exponentAt];
        var exponent = exponentAt < 0 ? string.Empty : body[exponentAt..];
        if (mantissa.StartsWith('.')) mantissa = "0" + mantissa;
        if (mantissa.EndsWith('.')) mantissa += "0";
        var dot = mantissa.IndexOf('.');
        var integer = (dot < 0 ? mantissa : mantissa[..dot]).TrimStart('0');
        if (integer.Length == 0) integer = "0";
        mantissa = dot < 0 ? integer : integer + mantissa[dot..];
        return (negative ? "-" : string.Empty) + mantissa + exponent;
    }

    private static bool TryParseOctal(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 21) return false;
        foreach (var d in digits)
        {
            if (d is < '0' or > '7') return false;
            value = value * 8 + (d - '0');
        }
        return true;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    // YAML 1.1 booleans and nulls, base-2/8/16/60 and underscore numbers, .inf/.nan, and timestamps.
    [GeneratedRegex(@"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(0b[01_]+|0[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|\.[0-9_]+([eE][-+]?[0-9]+)?|\.(inf|Inf|INF))|\.(nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?)$")]
    private static partial Regex Yaml11Ambiguous();
}
