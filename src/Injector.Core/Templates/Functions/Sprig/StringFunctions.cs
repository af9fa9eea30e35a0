using System.Text;
using Injector.Templates.Execution;
using Injector.Templates.Formatting;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Sprig;

/// <summary>Sprig's string functions (strings.go, functions.go; goutils for abbrev, initials, swapcase, untitle).</summary>
internal static class StringFunctions
{
    public static void Register(FunctionRegistry r)
    {
        r.Add("hello", static (_, _) => Slot.Of("Hello!"));
        r.Add("abbrev", static (_, a) => Slot.Of(Abbrev(Int(a[0]), Str(a[1]))), ParamType.Int, ParamType.String);
        r.Add("abbrevboth", static (_, a) => Slot.Of(AbbrevBoth(Int(a[0]), Int(a[1]), Str(a[2]))), ParamType.Int, ParamType.Int, ParamType.String);
        r.Add("trunc", static (_, a) => Slot.Of(Trunc(Int(a[0]), Str(a[1]))), ParamType.Int, ParamType.String);
        r.Add("trim", static (_, a) => Slot.Of(GoStrings.TrimSpace(Str(a[0]))), ParamType.String);
        r.Add("upper", static (_, a) => Slot.Of(GoStrings.ToUpper(Str(a[0]))), ParamType.String);
        r.Add("lower", static (_, a) => Slot.Of(GoStrings.ToLower(Str(a[0]))), ParamType.String);
        r.Add("title", static (_, a) => Slot.Of(GoStrings.Title(Str(a[0]))), ParamType.String);
        r.Add("untitle", static (_, a) => Slot.Of(Untitle(Str(a[0]))), ParamType.String);
        r.Add("substr", static (_, a) => Slot.Of(Substring(Int(a[0]), Int(a[1]), Str(a[2]))), ParamType.Int, ParamType.Int, ParamType.String);
        r.Add("repeat", static (e, a) => Slot.Of(GoStrings.Repeat(e, Str(a[1]), Int(a[0]))), ParamType.Int, ParamType.String);
        r.Add("trimall", static (_, a) => Slot.Of(GoStrings.Trim(Str(a[1]), Str(a[0]))), ParamType.String, ParamType.String);
        r.Add("trimAll", static (_, a) => Slot.Of(GoStrings.Trim(Str(a[1]), Str(a[0]))), ParamType.String, ParamType.String);
        r.Add("trimSuffix", static (_, a) => Slot.Of(TrimSuffix(Str(a[1]), Str(a[0]))), ParamType.String, ParamType.String);
        r.Add("trimPrefix", static (_, a) => Slot.Of(TrimPrefix(Str(a[1]), Str(a[0]))), ParamType.String, ParamType.String);
        r.Add("nospace", static (_, a) => Slot.Of(DeleteWhiteSpace(Str(a[0]))), ParamType.String);
        r.Add("initials", static (_, a) => Slot.Of(Initials(Str(a[0]))), ParamType.String);
        r.Add("swapcase", static (_, a) => Slot.Of(SwapCase(Str(a[0]))), ParamType.String);
        r.Add("contains", static (_, a) => Slot.Of(Str(a[1]).Contains(Str(a[0]), StringComparison.Ordinal)), ParamType.String, ParamType.String);
        r.Add("hasPrefix", static (_, a) => Slot.Of(Str(a[1]).StartsWith(Str(a[0]), StringComparison.Ordinal)), ParamType.String, ParamType.String);
        r.Add("hasSuffix", static (_, a) => Slot.Of(Str(a[1]).EndsWith(Str(a[0]), StringComparison.Ordinal)), ParamType.String, ParamType.String);
        r.AddVariadic("quote", static (e, a) => Slot.Of(Quote(e, a)), ParamType.Any);
        r.AddVariadic("squote", static (e, a) => Slot.Of(SingleQuote(e, a)), ParamType.Any);
        r.AddVariadic("cat", static (e, a) => Slot.Of(Cat(e, a)), ParamType.Any);
        r.Add("indent", static (e, a) => Slot.Of(Indent(e, Int(a[0]), Str(a[1]))), ParamType.Int, ParamType.String);
        r.Add("nindent", static (e, a) => Slot.Of("\n" + Indent(e, Int(a[0]), Str(a[1]))), ParamType.Int, ParamType.String);
        r.Add("replace", static (e, a) => Slot.Of(GoStrings.ReplaceAll(e, Str(a[2]), Str(a[0]), Str(a[1]))), ParamType.String, ParamType.String, ParamType.String);
        r.Add("plural", static (_, a) => Slot.Of(Int(a[2]) == 1 ? Str(a[0]) : Str(a[1])), ParamType.String, ParamType.String, ParamType.Int);
        r.Add("toString", static (e, a) => Slot.Of(SprigValues.StrVal(e, a[0].Value)), ParamType.Any);
        r.Add("splitList", static (e, a) => Slot.Of(GoListSlice.Strings(GoStrings.Split(e, Str(a[1]), Str(a[0]), -1))), ParamType.String, ParamType.String);
        r.Add("split", static (e, a) => Slot.Of(IndexedParts(GoStrings.Split(e, Str(a[1]), Str(a[0]), -1))), ParamType.String, ParamType.String);
        r.Add("splitn", static (e, a) => Slot.Of(IndexedParts(GoStrings.Split(e, Str(a[2]), Str(a[0]), Int(a[1])))), ParamType.String, ParamType.Int, ParamType.String);
        r.Add("join", static (e, a) => Slot.Of(Join(e, Str(a[0]), a[1].Value)), ParamType.String, ParamType.Any);
    }

    internal static string Str(Slot slot) => (string)slot.Value!;

    internal static long Int(Slot slot) => (long)slot.Value!;

    private static string Abbrev(long width, string text)
    {
        if (width < 4)
        {
            return text;
        }
        return AbbreviateFull(text, 0, width);
    }

    private static string AbbrevBoth(long left, long right, string text)
    {
        if (right < 4 || left > 0 && right < 7)
        {
            return text;
        }
        return AbbreviateFull(text, left, right);
    }

    /// <summary>goutils' <c>AbbreviateFull</c> (Apache Commons' abbreviate with an offset), on bytes.</summary>
    private static string AbbreviateFull(string text, long offset, long maxWidth)
    {
        if (text.Length == 0)
        {
            return "";
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        long length = bytes.Length;
        if (length <= maxWidth)
        {
            return text;
        }
        if (offset > length)
        {
            offset = length;
        }
        if (length - offset < maxWidth - 3)
        {
            offset = length - (maxWidth - 3);
        }
        if (offset <= 4)
        {
            return Encoding.UTF8.GetString(bytes, 0, (int)(maxWidth - 3)) + "...";
        }
        if (maxWidth < 7)
        {
            return "";
        }
        if (offset + maxWidth - 3 < length)
        {
            return "..." + AbbreviateFull(Encoding.UTF8.GetString(bytes, (int)offset, (int)(length - offset)), 0, maxWidth - 3);
        }
        return "..." + Encoding.UTF8.GetString(bytes, (int)(length - (maxWidth - 3)), (int)(maxWidth - 3));
    }

    private static string Trunc(long count, string text)
    {
        long length = GoRunes.Utf8Length(text);
        if (count < 0 && length + count > 0)
        {
            return GoStrings.Slice(text, length + count, null);
        }
        if (count >= 0 && length > count)
        {
            return GoStrings.Slice(text, null, count);
        }
        return text;
    }

    private static string Substring(long start, long end, string text)
    {
        if (start < 0)
        {
            return GoStrings.Slice(text, null, end);
        }
        long length = GoRunes.Utf8Length(text);
        if (end < 0 || end > length)
        {
            return GoStrings.Slice(text, start, null);
        }
        return GoStrings.Slice(text, start, end);
    }

    private static string TrimSuffix(string text, string suffix) =>
        suffix.Length > 0 && text.EndsWith(suffix, StringComparison.Ordinal) ? text[..^suffix.Length] : text;

    private static string TrimPrefix(string text, string prefix) =>
        prefix.Length > 0 && text.StartsWith(prefix, StringComparison.Ordinal) ? text[prefix.Length..] : text;

    /// <summary>goutils' <c>Uncapitalize</c>: the first letter of each space-separated word in lower case.</summary>
    private static string Untitle(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool next = true;
        for (int i = 0; i < text.Length;)
        {
            int rune = GoRunes.Decode(text, i, out int width);
            i += width;
            if (GoRunes.IsSpace(rune))
            {
                GoRunes.Append(builder, rune);
                next = true;
            }
            else if (next)
            {
                GoRunes.Append(builder, GoRunes.ToLower(rune));
                next = false;
            }
            else
            {
                GoRunes.Append(builder, rune);
            }
        }
        return builder.ToString();
    }

    private static string DeleteWhiteSpace(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length;)
        {
            int rune = GoRunes.Decode(text, i, out int width);
            i += width;
            if (!GoRunes.IsSpace(rune))
            {
                GoRunes.Append(builder, rune);
            }
        }
        return builder.ToString();
    }

    /// <summary>goutils' <c>Initials</c>: the first byte of each space-separated word (bytewise, as goutils does).</summary>
    private static string Initials(string text)
    {
        var builder = new StringBuilder();
        bool lastWasGap = true;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            if (GoRunes.IsSpace(b))
            {
                lastWasGap = true;
            }
            else if (lastWasGap)
            {
                // A byte becomes the rune of the same value, as goutils' rune(str[i]) does.
                builder.Append((char)b);
                lastWasGap = false;
            }
        }
        return builder.ToString();
    }

    /// <summary>goutils' <c>SwapCase</c>: upper and title to lower; lower to upper, or title case after white space.</summary>
    private static string SwapCase(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool whitespace = true;
        for (int i = 0; i < text.Length;)
        {
            int rune = GoRunes.Decode(text, i, out int width);
            i += width;
            if (GoRunes.IsUpper(rune) || GoRunes.IsTitle(rune))
            {
                rune = GoRunes.ToLower(rune);
                whitespace = false;
            }
            else if (GoRunes.IsLower(rune))
            {
                rune = whitespace ? GoRunes.ToTitle(rune) : GoRunes.ToUpper(rune);
                whitespace = false;
            }
            else
            {
                whitespace = GoRunes.IsSpace(rune);
            }
            GoRunes.Append(builder, rune);
        }
        return builder.ToString();
    }

    private static string Quote(TemplateExecution execution, ReadOnlySpan<Slot> args)
    {
        var builder = new StringBuilder();
        foreach (var arg in args)
        {
            if (arg.Value is null)
            {
                continue;
            }
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }
            GoQuote.AppendQuoted(builder, SprigValues.StrVal(execution, arg.Value), '"', asciiOnly: false);
        }
        execution.ChargeWork(builder.Length);
        return builder.ToString();
    }

    private static string SingleQuote(TemplateExecution execution, ReadOnlySpan<Slot> args)
    {
        var builder = new StringBuilder();
        foreach (var arg in args)
        {
            if (arg.Value is null)
            {
                continue;
            }
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }
            builder.Append('\'').Append(execution.Sprint(arg.Value)).Append('\'');
        }
        return builder.ToString();
    }

    private static string Cat(TemplateExecution execution, ReadOnlySpan<Slot> args)
    {
        var builder = new StringBuilder();
        foreach (var arg in args)
        {
            if (arg.Value is null)
            {
                continue;
            }
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }
            builder.Append(execution.Sprint(arg.Value));
        }
        return builder.ToString();
    }

    /// <summary>Sprig's <c>indent</c> (every line, the first too): nindent's body.</summary>
    private static string Indent(TemplateExecution execution, long spaces, string text)
    {
        string pad = GoStrings.Repeat(execution, " ", spaces);
        execution.ChargeWork(text.Length + (long)pad.Length * (text.Count(c => c == '\n') + 1));
        return pad + text.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    private static GoStringMap IndexedParts(List<string> parts)
    {
        var map = new Dictionary<string, string>(parts.Count, StringComparer.Ordinal);
        for (int i = 0; i < parts.Count; i++)
        {
            map["_" + i] = parts[i];
        }
        return GoStringMap.Wrap(map, mutable: true);
    }

    /// <summary>Sprig's <c>strslice</c>: the string form of each non-nil element, or of the value itself.</summary>
    internal static List<string> StringSlice(TemplateExecution execution, object? value)
    {
        var result = new List<string>();
        switch (value)
        {
            case GoSlice slice:
                for (int i = 0; i < slice.Count; i++)
                {
                    execution.Step();
                    if (slice[i] is not null)
                    {
                        result.Add(SprigValues.StrVal(execution, slice[i]));
                    }
                }
                break;
            case null:
                break;
            default:
                result.Add(SprigValues.StrVal(execution, value));
                break;
        }
        return result;
    }

    private static string Join(TemplateExecution execution, string separator, object? value)
    {
        var parts = StringSlice(execution, value);
        long size = separator.Length * (long)Math.Max(parts.Count - 1, 0);
        foreach (var part in parts)
        {
            size += part.Length;
        }
        execution.ChargeWork(size);
        return string.Join(separator, parts);
    }
}
