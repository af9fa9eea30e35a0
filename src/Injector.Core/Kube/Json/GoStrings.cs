namespace Injector.Kube.Json;

/// <summary>Unicode white space as Go's <c>unicode.IsSpace</c> defines it (byte order of strings is
/// <see cref="Yaml.Utf8Order"/>).</summary>
internal static class GoStrings
{
    /// <summary><c>strings.TrimSpace</c>.</summary>
    public static string TrimSpace(string s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }

    /// <summary><c>unicode.IsSpace</c>: \t \n \v \f \r, space, U+0085, U+00A0, and the White_Space property.</summary>
    public static bool IsSpace(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u0085' or '\u00A0' => true,
        '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };
}
