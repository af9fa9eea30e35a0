namespace Injector.Kube.Schema;

/// <summary>
/// Go's case folding of JSON member names (<c>encoding/json</c> since Go 1.21: each rune becomes
/// <c>unicode.ToUpper(unicode.ToLower(r))</c>). Field names are ASCII, so only runes that fold to ASCII matter: ASCII
/// letters, and four others that Unicode's simple case mappings take to ASCII.
/// </summary>
internal static class GoFold
{
    /// <summary>The ASCII character <paramref name="c"/> folds to, or '\0' when it folds to something else.</summary>
    public static char ToAsciiUpper(char c)
    {
        if (c < 0x80) return c is >= 'a' and <= 'z' ? (char)(c - 32) : c;
        return c switch
        {
            '\u0130' or '\u0131' => 'I', // İ lowers to i; ı uppers to I
            '\u017F' => 'S', // ſ (long s) uppers to S
            '\u212A' => 'K', // Kelvin sign lowers to k
            _ => '\0',
        };
    }

    public static string AsciiUpper(string name) => string.Create(name.Length, name, static (span, n) =>
    {
        for (var i = 0; i < n.Length; i++) span[i] = n[i] is >= 'a' and <= 'z' ? (char)(n[i] - 32) : n[i];
    });
}
