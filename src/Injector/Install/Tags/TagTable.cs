using System.Text;

namespace Injector.Install.Tags;

/// <summary>The <c>tag list</c> table: TAG REVISION NAMESPACES, columns padded to their widest cell.</summary>
internal static class TagTable
{
    public static string Format(IReadOnlyList<(TagInfo Tag, IReadOnlyList<string> Namespaces)> rows)
    {
        var cells = new List<string[]> { new[] { "TAG", "REVISION", "NAMESPACES" } };
        foreach (var (tag, namespaces) in rows)
        {
            cells.Add([tag.Tag, tag.Revision, namespaces.Count == 0 ? "-" : string.Join(",", namespaces)]);
        }
        var width0 = 0;
        var width1 = 0;
        foreach (var row in cells)
        {
            width0 = Math.Max(width0, row[0].Length);
            width1 = Math.Max(width1, row[1].Length);
        }
        var text = new StringBuilder();
        foreach (var row in cells)
        {
            text.Append(row[0].PadRight(width0 + 3)).Append(row[1].PadRight(width1 + 3)).Append(row[2]).Append('\n');
        }
        return text.ToString();
    }
}
