namespace Injector.Kube.Json;

/// <summary>Go string behaviour that differs from .NET's: byte (UTF-8) order, and Unicode white space as Go's
/// <c>unicode.IsSpace</c> defines it.</summary>
internal static class GoStrings
{
    /// <summary>Orders as Go compares strings (UTF-8 bytes, i.e. code points): like ordinal, except that
    /// supplementary characters sort after U+E000–U+FFFF.</summary>
    public static int CompareUtf8Order(string? a, string? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var x = a[i];
            var y = b[i];
            if (x == y) continue;
            return Rank(x).CompareTo(Rank(y));
        }
        return a.Length.CompareTo(b.Length);
    }

    public static IComparer<string> Utf8Order { get; } = Comparer<string>.Create(CompareUtf8Order);

    // Surrogates (U+D800–DFFF, which encode code points above U+FFFF) move above U+E000–FFFF.
    private static int Rank(char c) => c < 0xD800 ? c : c < 0xE000 ? c + 0x2000 : c - 0x800;

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
