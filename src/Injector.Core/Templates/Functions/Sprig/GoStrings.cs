using System.Text;
using Injector.Templates.Execution;
using Injector.Templates.Formatting;

namespace Injector.Templates.Functions.Sprig;

/// <summary>Go's <c>strings</c> package functions Sprig wraps, with Go's rune and byte semantics.</summary>
internal static class GoStrings
{
    public static string MapRunes(string text, Func<int, int> map)
    {
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length;)
        {
            int rune = GoRunes.Decode(text, i, out int width);
            i += width;
            GoRunes.Append(builder, map(rune));
        }
        return builder.ToString();
    }

    public static string ToUpper(string text) => IsAscii(text) ? text.ToUpperInvariant() : MapRunes(text, GoRunes.ToUpper);

    public static string ToLower(string text) => IsAscii(text) ? text.ToLowerInvariant() : MapRunes(text, GoRunes.ToLower);

    private static bool IsAscii(string text) => !text.AsSpan().ContainsAnyInRange('\u0080', '\uFFFF');

    /// <summary><c>strings.Title</c>: the first letter of each word in title case.</summary>
    public static string Title(string text)
    {
        int previous = ' ';
        return MapRunes(text, rune =>
        {
            bool separator = IsSeparator(previous);
            previous = rune;
            return separator ? GoRunes.ToTitle(rune) : rune;
        });
    }

    private static bool IsSeparator(int rune)
    {
        if (rune <= 0x7F)
        {
            return !(rune is >= '0' and <= '9' or >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_');
        }
        if (GoRunes.IsLetter(rune) || GoRunes.IsDigit(rune))
        {
            return false;
        }
        return GoRunes.IsSpace(rune);
    }

    /// <summary><c>strings.TrimSpace</c>.</summary>
    public static string TrimSpace(string text)
    {
        int start = 0, end = text.Length;
        while (start < end && GoRunes.IsSpace(text[start]))
        {
            start++;
        }
        while (end > start && GoRunes.IsSpace(text[end - 1]))
        {
            end--;
        }
        return text[start..end];
    }

    /// <summary><c>strings.Trim(s, cutset)</c>: runes of the cut set removed from both ends.</summary>
    public static string Trim(string text, string cutset)
    {
        if (text.Length == 0 || cutset.Length == 0)
        {
            return text;
        }
        var set = new HashSet<int>();
        for (int i = 0; i < cutset.Length;)
        {
            set.Add(GoRunes.Decode(cutset, i, out int width));
            i += width;
        }
        int start = 0;
        while (start < text.Length)
        {
            int rune = GoRunes.Decode(text, start, out int width);
            if (!set.Contains(rune))
            {
                break;
            }
            start += width;
        }
        int end = text.Length;
        while (end > start)
        {
            int rune = GoRunes.DecodeLast(text, end, out int width);
            if (!set.Contains(rune))
            {
                break;
            }
            end -= width;
        }
        return text[start..end];
    }

    /// <summary><c>strings.Replace(s, old, new, -1)</c>: an empty <paramref name="old"/> matches before every rune
    /// and at the end.</summary>
    public static string ReplaceAll(TemplateExecution execution, string text, string old, string replacement)
    {
        if (old.Length > 0)
        {
            if (!text.Contains(old, StringComparison.Ordinal))
            {
                return text;
            }
            long count = CountOccurrences(text, old);
            execution.ChargeWork(text.Length + count * Math.Max(replacement.Length - old.Length, 0));
            return text.Replace(old, replacement, StringComparison.Ordinal);
        }
        long runes = GoRunes.Count(text) + 1;
        execution.ChargeWork(text.Length + runes * replacement.Length);
        var builder = new StringBuilder();
        builder.Append(replacement);
        for (int i = 0; i < text.Length;)
        {
            GoRunes.Decode(text, i, out int width);
            builder.Append(text, i, width).Append(replacement);
            i += width;
        }
        return builder.ToString();
    }

    private static long CountOccurrences(string text, string old)
    {
        long count = 0;
        int index = 0;
        while ((index = text.IndexOf(old, index, StringComparison.Ordinal)) >= 0)
        {
            count++;
            index += old.Length;
        }
        return count;
    }

    /// <summary><c>strings.Repeat</c> with its panics.</summary>
    public static string Repeat(TemplateExecution execution, string text, long count)
    {
        if (count < 0)
        {
            throw new Values.GoCallException("strings: negative Repeat count");
        }
        if (text.Length != 0 && count > long.MaxValue / text.Length)
        {
            throw new Values.GoCallException("strings: Repeat output length overflow");
        }
        execution.ChargeWork(text.Length * count);
        var builder = new StringBuilder((int)(text.Length * count));
        for (long i = 0; i < count; i++)
        {
            builder.Append(text);
        }
        return builder.ToString();
    }

    /// <summary><c>strings.SplitN</c> (n &lt; 0: all): an empty separator splits into runes.</summary>
    public static List<string> Split(TemplateExecution execution, string text, string separator, long n)
    {
        var parts = new List<string>();
        if (n == 0)
        {
            return parts;
        }
        if (separator.Length == 0)
        {
            for (int i = 0; i < text.Length;)
            {
                if (n > 0 && parts.Count == n - 1)
                {
                    parts.Add(text[i..]);
                    return parts;
                }
                GoRunes.Decode(text, i, out int width);
                parts.Add(text.Substring(i, width));
                i += width;
                execution.Step();
                execution.ChargeElements(1);
            }
            return parts;
        }
        int start = 0;
        while (n < 0 || parts.Count < n - 1)
        {
            int index = text.IndexOf(separator, start, StringComparison.Ordinal);
            if (index < 0)
            {
                break;
            }
            parts.Add(text[start..index]);
            start = index + separator.Length;
            execution.Step();
            execution.ChargeElements(1);
        }
        parts.Add(text[start..]);
        return parts;
    }

    /// <summary>Go slicing of a string by byte offsets (<c>s[low:high]</c>, either bound optional), with Go's runtime
    /// panics; the bytes of a multi-byte character that are cut become U+FFFD.</summary>
    public static string Slice(string text, long? low, long? high)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        long length = bytes.Length;
        long h = high ?? length;
        if (high is not null)
        {
            if (h < 0)
            {
                throw new Values.GoCallException("runtime error: slice bounds out of range [:" + h + "]");
            }
            if (h > length)
            {
                throw new Values.GoCallException("runtime error: slice bounds out of range [:" + h + "] with length " + length);
            }
        }
        long l = low ?? 0;
        if (l < 0)
        {
            throw new Values.GoCallException("runtime error: slice bounds out of range [" + l + ":]");
        }
        if (l > h)
        {
            throw new Values.GoCallException("runtime error: slice bounds out of range [" + l + ":" + h + "]");
        }
        return Encoding.UTF8.GetString(bytes, (int)l, (int)(h - l));
    }
}
