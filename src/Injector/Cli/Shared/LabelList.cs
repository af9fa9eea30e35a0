namespace Injector.Cli.Shared;

/// <summary>Parses label lists given on the command line: <c>k=v,k2=v2</c>, in one or several arguments.</summary>
internal static class LabelList
{
    public static Dictionary<string, string> Parse(IEnumerable<string>? arguments)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var argument in arguments ?? [])
        {
            foreach (var pair in argument.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0)
                {
                    throw Injector.Common.CommandException.BadInput("label \"" + pair + "\" is not key=value");
                }
                labels[pair[..eq]] = pair[(eq + 1)..];
            }
        }
        return labels;
    }
}
