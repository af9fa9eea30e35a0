using System.Text;

namespace Injector.Kube.Yaml;

/// <summary>
/// The order go-yaml v2's encoder writes string map keys in (its "natural" key sort): compared code point by code
/// point, two letters by code point, a letter after a non-letter, and runs of digits by their numeric value (a
/// shorter run first when equal), so <c>a2</c> comes before <c>a10</c>.
/// </summary>
internal static class GoYamlKeyOrder
{
    /// <summary>The keys in go-yaml's order (each key's code points are decoded once).</summary>
    public static string[] Sort(IEnumerable<string> keys)
    {
        var items = new List<(string Key, Rune[] Runes)>();
        foreach (var key in keys) items.Add((key, Runes(key)));
        items.Sort(static (x, y) => Less(x.Runes, y.Runes) ? -1 : Less(y.Runes, x.Runes) ? 1 : string.CompareOrdinal(x.Key, y.Key));
        var sorted = new string[items.Count];
        for (var i = 0; i < sorted.Length; i++) sorted[i] = items[i].Key;
        return sorted;
    }

    private static bool Less(Rune[] ar, Rune[] br)
    {
        for (var i = 0; i < ar.Length && i < br.Length; i++)
        {
            if (ar[i] == br[i]) continue;
            var aLetter = Rune.IsLetter(ar[i]);
            var bLetter = Rune.IsLetter(br[i]);
            if (aLetter && bLetter) return ar[i].Value < br[i].Value;
            if (aLetter || bLetter) return bLetter;

            // Digit runs from here compare as numbers; a zero right after a non-zero digit does not start a new number.
            long an = 0, bn = 0;
            if (ar[i].Value == '0' || br[i].Value == '0')
            {
                for (var j = i - 1; j >= 0 && Rune.IsDigit(ar[j]); j--)
                {
                    if (ar[j].Value != '0')
                    {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai, bi;
            for (ai = i; ai < ar.Length && Rune.IsDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].Value - '0');
            for (bi = i; bi < br.Length && Rune.IsDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].Value - '0');
            if (an != bn) return an < bn;
            if (ai != bi) return ai < bi;
            return ar[i].Value < br[i].Value;
        }
        return ar.Length < br.Length;
    }

    private static Rune[] Runes(string s)
    {
        var list = new List<Rune>(s.Length);
        foreach (var r in s.EnumerateRunes()) list.Add(r);
        return list.ToArray();
    }
}
