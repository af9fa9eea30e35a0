namespace Injector.Kube.Yaml;

/// <summary>
/// Orders strings as Go compares them: by their UTF-8 bytes, which is code-point order. UTF-16 ordinal order differs
/// only where a surrogate pair (above U+FFFF) meets U+E000–U+FFFF, so those units are shifted before comparing.
/// </summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static Utf8Order Comparer { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b) continue;
            return Rank(a) - Rank(b);
        }
        return x.Length - y.Length;
    }

    private static int Rank(char c) => c switch
    {
        >= '\uE000' => c - 0x800,
        >= '\uD800' => c + 0x2000,
        _ => c,
    };
}
