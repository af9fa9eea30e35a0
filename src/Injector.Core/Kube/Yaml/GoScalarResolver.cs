using System.Globalization;
using System.Text;
using Injector.Kube.Json;

namespace Injector.Kube.Yaml;

/// <summary>
/// go-yaml v2's scalar resolution (YAML 1.1 as v2 implements it) for a scalar decoded into <c>interface{}</c>:
/// the first character picks the candidates (sign or digit: timestamp, int, float; one of <c>yYnNtTfFoO~</c>:
/// a fixed word; <c>.</c>: a float), a table of words gives booleans (<c>y</c>, <c>yes</c>, <c>on</c>, <c>true</c>
/// and their negatives, in lower, Title and UPPER case only), nulls and <c>.inf</c>/<c>.nan</c>; integers are
/// Go's base-0 syntax after removing every underscore; anything else is a string. An explicit tag must agree
/// with what the text resolves to (an int may become a <c>!!float</c>), else it is an error.
/// </summary>
internal static class GoScalarResolver
{
    /// <summary>
    /// The value of a scalar node: <paramref name="tag"/> is its long tag ("" when none), <paramref name="plainImplicit"/>
    /// whether it was plain without a tag (or with the non-specific <c>!</c>). Throws <see cref="GoYamlException"/>
    /// when a tag disagrees with the text.
    /// </summary>
    public static GoScalar Resolve(string tag, string value, bool plainImplicit, in YamlPosition at)
    {
        if (tag.Length == 0 && !plainImplicit) return GoScalar.OfString(value); // quoted or block scalar
        if (tag == YamlTags.Binary) return GoScalar.OfString(DecodeBinary(value, at));
        if (!Resolvable(tag)) return GoScalar.OfString(value); // custom tags, !!map on a scalar, "!": the text

        var (resolvedTag, scalar) = ResolveText(tag, value);
        if (tag.Length == 0 || tag == resolvedTag || tag == YamlTags.Str) return scalar;
        if (tag == YamlTags.Float && resolvedTag == YamlTags.Int)
        {
            return GoScalar.OfFloat(scalar.Kind == GoScalarKind.Uint ? scalar.Uint : scalar.Int);
        }
        throw new GoYamlException(at, $"cannot decode {YamlTags.Short(resolvedTag)} `{value}` as a {YamlTags.Short(tag)}");
    }

    /// <summary>Whether go-yaml reads <paramref name="value"/>, written plain, as a string (not a bool, number, null, timestamp or merge key).</summary>
    public static bool PlainReadsAsString(string value) => ResolveText("", value).Tag == YamlTags.Str;

    private static bool Resolvable(string tag) => tag.Length == 0 || tag is YamlTags.Str or YamlTags.Bool or YamlTags.Int
        or YamlTags.Float or YamlTags.Null or YamlTags.Timestamp;

    private static (string Tag, GoScalar Value) ResolveText(string tag, string value)
    {
        if (tag == YamlTags.Str) return (YamlTags.Str, GoScalar.OfString(value));
        if (value.Length == 0) return (YamlTags.Null, GoScalar.Null);
        switch (value[0])
        {
            case 'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~':
                if (TryWord(value, out var word)) return word;
                break;
            case '.':
                if (TryWord(value, out var special)) return special;
                // Go's ParseFloat takes underscores between digits.
                var dotPlain = value.Contains('_') && UnderscoresBetweenDigits(value) ? value.Replace("_", "", StringComparison.Ordinal) : value;
                if (IsDotFloat(dotPlain) && TryFloat(dotPlain, out var dotFloat)) return (YamlTags.Float, GoScalar.OfFloat(dotFloat));
                break;
            case '+' or '-' or (>= '0' and <= '9'):
                if (TryWord(value, out var signed)) return signed; // +.inf, -.inf
                return ResolveNumber(tag, value);
        }
        return (YamlTags.Str, GoScalar.OfString(value));
    }

    private static (string, GoScalar) ResolveNumber(string tag, string value)
    {
        if ((tag.Length == 0 || tag == YamlTags.Timestamp) && GoTimestamp.IsTimestamp(value))
        {
            return (YamlTags.Timestamp, GoScalar.OfString(value)); // interface{} receives the text, not a time.Time
        }
        var plain = value.Contains('_') ? value.Replace("_", "", StringComparison.Ordinal) : value;
        if (GoStrconv.TryParseInt64(plain, out var integer)) return (YamlTags.Int, GoScalar.OfInt(integer));
        if (GoStrconv.TryParseUInt64(plain, out var unsigned)) return (YamlTags.Int, GoScalar.OfUint(unsigned));
        if (IsYamlStyleFloat(plain) && TryFloat(plain, out var number)) return (YamlTags.Float, GoScalar.OfFloat(number));
        return (YamlTags.Str, GoScalar.OfString(value));
    }

    private static bool TryWord(string value, out (string, GoScalar) result)
    {
        result = value switch
        {
            "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON" => (YamlTags.Bool, GoScalar.True),
            "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF" => (YamlTags.Bool, GoScalar.False),
            "~" or "null" or "Null" or "NULL" => (YamlTags.Null, GoScalar.Null),
            ".nan" or ".NaN" or ".NAN" => (YamlTags.Float, GoScalar.OfFloat(double.NaN)),
            ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" => (YamlTags.Float, GoScalar.OfFloat(double.PositiveInfinity)),
            "-.inf" or "-.Inf" or "-.INF" => (YamlTags.Float, GoScalar.OfFloat(double.NegativeInfinity)),
            _ => default,
        };
        return result.Item1 is not null;
    }

    /// <summary>Go's <c>underscoreOK</c> for a decimal text: each underscore between two digits.</summary>
    private static bool UnderscoresBetweenDigits(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '_') continue;
            if (i == 0 || !char.IsAsciiDigit(s[i - 1]) || i + 1 >= s.Length || !char.IsAsciiDigit(s[i + 1])) return false;
        }
        return true;
    }

    /// <summary>What Go's <c>ParseFloat</c> accepts of a text that starts with a dot: <c>.5</c>, <c>.5e3</c>.</summary>
    private static bool IsDotFloat(string s)
    {
        var i = 1;
        if (!Digits(s, ref i)) return false;
        return i == s.Length || Exponent(s, ref i) && i == s.Length;
    }

    /// <summary>go-yaml's <c>^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$</c>.</summary>
    private static bool IsYamlStyleFloat(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (!Digits(s, ref i)) return false;
        }
        else
        {
            if (!Digits(s, ref i)) return false;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                Digits(s, ref i);
            }
        }
        return i == s.Length || Exponent(s, ref i) && i == s.Length;
    }

    private static bool Digits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i > start;
    }

    private static bool Exponent(string s, ref int i)
    {
        if (i >= s.Length || s[i] is not ('e' or 'E')) return false;
        i++;
        if (i < s.Length && s[i] is '+' or '-') i++;
        return Digits(s, ref i);
    }

    /// <summary>Go's <c>ParseFloat</c> on a text already known to be decimal: out of range (±Inf) is an error.</summary>
    private static bool TryFloat(string s, out double value) =>
        double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>
    /// <c>!!binary</c>: base64 decoded to bytes that Go keeps in a string; <c>encoding/json</c> later writes each byte
    /// that is not part of valid UTF-8 as U+FFFD.
    /// </summary>
    private static string DecodeBinary(string value, in YamlPosition at)
    {
        byte[] bytes;
        // Go's decoder skips line breaks but not other white space; .NET's skips all of it.
        if (value.AsSpan().IndexOfAny(' ', '\t') >= 0) throw new GoYamlException(at, "!!binary value contains invalid base64 data");
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new GoYamlException(at, "!!binary value contains invalid base64 data");
        }
        var sb = new StringBuilder(bytes.Length);
        var rest = bytes.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(rest, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                sb.Append(rune.ToString());
                rest = rest[consumed..];
            }
            else
            {
                sb.Append('\uFFFD');
                rest = rest[1..];
            }
        }
        return sb.ToString();
    }
}
