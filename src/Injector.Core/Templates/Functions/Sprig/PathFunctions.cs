using System.Text;
using Injector.Templates.Execution;

namespace Injector.Templates.Functions.Sprig;

/// <summary>Go's <c>path</c> package (and <c>path/filepath</c>, the same on Linux, where istiod runs): <c>base dir clean
/// ext isAbs</c> and their <c>os</c> forms.</summary>
internal static class PathFunctions
{
    public static void Register(FunctionRegistry r)
    {
        foreach (var (plain, os) in new[] { ("base", "osBase"), ("dir", "osDir"), ("clean", "osClean"), ("ext", "osExt") })
        {
            FunctionBody body = plain switch
            {
                "base" => static (_, a) => Slot.Of(Base(S(a[0]))),
                "dir" => static (_, a) => Slot.Of(Dir(S(a[0]))),
                "clean" => static (_, a) => Slot.Of(Clean(S(a[0]))),
                _ => static (_, a) => Slot.Of(Ext(S(a[0]))),
            };
            r.Add(plain, body, ParamType.String);
            r.Add(os, body, ParamType.String);
        }
        r.Add("isAbs", static (_, a) => Slot.Of(S(a[0]).StartsWith('/')), ParamType.String);
        r.Add("osIsAbs", static (_, a) => Slot.Of(S(a[0]).StartsWith('/')), ParamType.String);
    }

    private static string S(Slot slot) => (string)slot.Value!;

    /// <summary><c>path.Clean</c>: one slash between elements, no <c>.</c>, <c>..</c> resolved lexically.</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }
        bool rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                }
                continue;
            }
            parts.Add(part);
        }
        var builder = new StringBuilder();
        if (rooted)
        {
            builder.Append('/');
        }
        builder.AppendJoin('/', parts);
        return builder.Length == 0 ? "." : builder.ToString();
    }

    /// <summary><c>path.Base</c>: the last element, trailing slashes dropped.</summary>
    public static string Base(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }
        path = path.TrimEnd('/');
        int slash = path.LastIndexOf('/');
        if (slash >= 0)
        {
            path = path[(slash + 1)..];
        }
        return path.Length == 0 ? "/" : path;
    }

    /// <summary><c>path.Dir</c>: everything but the last element, cleaned.</summary>
    public static string Dir(string path)
    {
        int slash = path.LastIndexOf('/');
        return Clean(path[..(slash + 1)]);
    }

    /// <summary><c>path.Ext</c>: from the last dot of the last element.</summary>
    public static string Ext(string path)
    {
        for (int i = path.Length - 1; i >= 0 && path[i] != '/'; i--)
        {
            if (path[i] == '.')
            {
                return path[i..];
            }
        }
        return "";
    }

    /// <summary><c>path.Split</c>'s directory part: up to and including the last slash.</summary>
    public static string SplitDirectory(string path)
    {
        int slash = path.LastIndexOf('/');
        return path[..(slash + 1)];
    }
}
