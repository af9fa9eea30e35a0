namespace Injector.Templates.Values;

/// <summary>
/// Go orders string map keys by their bytes (UTF-8), which is code point order. Ordinal UTF-16 order differs only when
/// one side has a supplementary character (a surrogate pair) and the other a character at or above U+E000.
/// </summary>
public sealed class GoStringOrder : IComparer<string>
{
    public static GoStringOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        if (x is null)
        {
            return -1;
        }
        if (y is null)
        {
            return 1;
        }
        int length = Math.Min(x.Length, y.Length);
        for (int i = 0; i < length; i++)
        {
            char a = x[i], b = y[i];
            if (a == b)
            {
                continue;
            }
            // Surrogates (U+D800..U+DFFF) encode code points above U+FFFF: they sort after every BMP character.
            bool sa = char.IsSurrogate(a), sb = char.IsSurrogate(b);
            if (sa != sb)
            {
                return sa ? 1 : -1;
            }
            return a < b ? -1 : 1;
        }
        return x.Length.CompareTo(y.Length);
    }
}
