namespace Injector.Cli.Shared;

/// <summary>kubectl-style text table: upper-case headers, columns padded to their widest cell, three spaces apart.</summary>
internal static class TableWriter
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = new int[headers.Count];
        foreach (var row in all)
        {
            for (var i = 0; i < widths.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }
        foreach (var row in all)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                output.Write(i == widths.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 3));
            }
            output.WriteLine();
        }
    }
}
