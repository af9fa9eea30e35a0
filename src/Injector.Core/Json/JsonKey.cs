using System.Text;
using System.Text.Json;

namespace Injector.Json;

/// <summary>
/// A string that is equal for two JSON values exactly when <see cref="JsonTreeElement.DeepEquals"/> says they are equal,
/// for strings, numbers, booleans and null: so a keyed list can be looked up in a dictionary instead of comparing
/// every pair. Numbers compare by value (<c>80</c>, <c>80.0</c> and <c>8e1</c> are one key, as are <c>0</c> and <c>-0</c>).
/// Objects and arrays, which no Kubernetes list uses as a key, are keyed by their exact text (so reordered members
/// differ, where DeepEquals would call them equal).
/// </summary>
internal static class JsonKey
{
    public static string Of(JsonTreeElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "s" + value.GetString(),
        JsonValueKind.Number => "n" + CanonicalNumber(value.RawValue),
        JsonValueKind.True => "t",
        JsonValueKind.False => "f",
        JsonValueKind.Null => "z",
        JsonValueKind.Undefined => "u",
        _ => "o" + value.GetRawText(),
    };

    /// <summary>Sign, significant digits and exponent of a JSON number (already validated by the parser): <c>-1.50e2</c> → <c>-15e1</c>.</summary>
    internal static string CanonicalNumber(ReadOnlySpan<byte> text)
    {
        var negative = text.Length > 0 && text[0] == '-';
        if (negative) text = text[1..];
        var digits = new StringBuilder(text.Length);
        var exponent = 0L;
        var i = 0;
        for (; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++) digits.Append((char)text[i]);
        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++)
            {
                digits.Append((char)text[i]);
                exponent--;
            }
        }
        if (i < text.Length && text[i] is (byte)'e' or (byte)'E')
        {
            i++;
            var sign = 1;
            if (i < text.Length && text[i] is (byte)'+' or (byte)'-') sign = text[i++] == '-' ? -1 : 1;
            long value = 0;
            for (; i < text.Length; i++) value = Math.Min(value * 10 + (text[i] - '0'), 1_000_000_000_000L); // beyond any digit count
            exponent += sign * value;
        }
        var s = digits.ToString().TrimStart('0');
        var trimmed = s.TrimEnd('0');
        exponent += s.Length - trimmed.Length;
        if (trimmed.Length == 0) return "0";
        return (negative ? "-" : "") + trimmed + "e" + exponent;
    }
}
