using System.Text;

namespace Injector.Istio.Mesh;

/// <summary>
/// The error values Istio's validation builds with hashicorp/go-multierror, so the text comes out as Istio prints
/// it: a multierror (<c>Append</c>) prints <c>"1 error occurred:\n\t* ...\n\n"</c> even for one item, a plain error
/// (including one <c>Prefix</c> wrapped) prints its message; <c>Append</c> flattens, <c>Prefix</c> prefixes every item.
/// </summary>
internal sealed class GoError
{
    private GoError(List<string> items, bool multi)
    {
        Items = items;
        IsMulti = multi;
    }

    public List<string> Items { get; }

    public bool IsMulti { get; }

    public static GoError Plain(string message) => new([message], false);

    /// <summary><c>multierror.Append(err, more...)</c>; nil errors are skipped.</summary>
    public static GoError? Append(GoError? err, params GoError?[] more)
    {
        var items = new List<string>();
        if (err is not null) items.AddRange(err.Items);
        foreach (var e in more)
        {
            if (e is not null) items.AddRange(e.Items);
        }
        return err is null && items.Count == 0 ? null : new GoError(items, true);
    }

    /// <summary>Istio's <c>appendError</c> (AppendValidation, AppendErrors): the second alone when the first is nil.</summary>
    public static GoError? Join(GoError? err, GoError? next) => err is null ? next : next is null ? err : Append(err, next);

    /// <summary><c>multierror.Prefix(err, prefix)</c>.</summary>
    public static GoError? Prefix(GoError? err, string prefix) =>
        err is null ? null : new GoError(err.Items.Select(i => prefix + " " + i).ToList(), err.IsMulti);

    /// <summary>The text Go prints.</summary>
    public override string ToString()
    {
        if (!IsMulti) return Items[0];
        if (Items.Count == 1) return "1 error occurred:\n\t* " + Items[0] + "\n\n";
        var sb = new StringBuilder();
        sb.Append(Items.Count).Append(" errors occurred:\n\t");
        sb.AppendJoin("\n\t", Items.Select(i => "* " + i));
        return sb.Append("\n\n").ToString();
    }

    /// <summary>One line: the items joined with "; ".</summary>
    public string OneLine() => string.Join("; ", Items);
}

/// <summary>Go's <c>time.Duration.String</c>.</summary>
internal static class GoDurationText
{
    public static string Format(long d)
    {
        if (d == 0) return "0s";
        var neg = d < 0;
        var u = neg ? (ulong)(-(d + 1)) + 1 : (ulong)d;
        string text;
        if (u < 1_000_000_000)
        {
            // Below a second: ns, µs or ms with a fraction.
            string unit;
            int precision;
            if (u < 1_000) { unit = "ns"; precision = 0; }
            else if (u < 1_000_000) { unit = "\u00b5s"; precision = 3; }
            else { unit = "ms"; precision = 6; }
            text = Fraction(u, precision) + unit;
        }
        else
        {
            var sb = new StringBuilder();
            var seconds = Fraction(u % 60_000_000_000, 9);
            var minutes = u / 60_000_000_000;
            if (minutes > 0)
            {
                var hours = minutes / 60;
                minutes %= 60;
                if (hours > 0) sb.Append(hours).Append('h');
                sb.Append(minutes).Append('m');
            }
            text = sb.Append(seconds).Append('s').ToString();
        }
        return neg ? "-" + text : text;
    }

    /// <summary>v / 10^precision with the fraction's trailing zeros (and a bare point) dropped.</summary>
    private static string Fraction(ulong v, int precision)
    {
        var scale = 1UL;
        for (var i = 0; i < precision; i++) scale *= 10;
        var whole = v / scale;
        var frac = v % scale;
        if (frac == 0) return whole.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var digits = frac.ToString("D" + precision, System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0');
        return whole.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + digits;
    }
}
