namespace Injector.Kube.Yaml;

/// <summary>Character rules libyaml (and so go-yaml) enforces that YamlDotNet does not.</summary>
internal static class YamlCharacters
{
    /// <summary>
    /// Every character must be YAML-printable: tab, line feed, carriage return, U+0020–U+007E, U+0085,
    /// U+00A0–U+D7FF, U+E000–U+FFFD or a valid surrogate pair. The whole text is checked, where libyaml checks what it
    /// reads (a bad character in a later document, which go-yaml never reads, is an error here too).
    /// </summary>
    public static void CheckPrintable(string text)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
                lineStart = i + 1;
                continue;
            }
            if (c is '\t' or '\r' or (>= ' ' and <= '~') or '\u0085' or (>= '\u00A0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD')) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            throw new GoYamlException(new YamlPosition(line, i - lineStart + 1), $"control characters are not allowed (U+{(int)c:X4})");
        }
    }

    /// <summary>
    /// YAML 1.1's escapes in a double-quoted scalar (<c>text[start..end)</c>, from its first quote): libyaml knows
    /// <c>0 a b t TAB n v f r e SPACE " ' \ N _ L P x u U</c> and an escaped line break, and refuses surrogate and
    /// out-of-range code points. YamlDotNet also takes <c>\/</c> (YAML 1.2).
    /// </summary>
    public static void CheckDoubleQuotedEscapes(string text, int start, int end, YamlPosition at)
    {
        var i = text.IndexOf('"', start, Math.Max(0, Math.Min(end, text.Length) - start));
        if (i < 0) return;
        end = Math.Min(end, text.Length);
        for (i++; i < end - 1; i++)
        {
            if (text[i] != '\\') continue;
            var c = text[++i];
            var hexDigits = c switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
            if (hexDigits == 0)
            {
                if (c is '0' or 'a' or 'b' or 't' or '\t' or 'n' or 'v' or 'f' or 'r' or 'e' or ' ' or '"' or '\'' or '\\'
                    or 'N' or '_' or 'L' or 'P' or '\n' or '\r') continue;
                throw new GoYamlException(at, "found unknown escape character while parsing a quoted scalar");
            }
            long code = 0;
            for (var k = 1; k <= hexDigits; k++)
            {
                if (i + k >= end || !char.IsAsciiHexDigit(text[i + k]))
                {
                    throw new GoYamlException(at, "did not find expected hexdecimal number while parsing a quoted scalar");
                }
                code = code * 16 + Convert.ToInt32(text[i + k].ToString(), 16);
            }
            if (code is >= 0xD800 and <= 0xDFFF || code > 0x10FFFF)
            {
                throw new GoYamlException(at, "found invalid Unicode character escape code while parsing a quoted scalar");
            }
            i += hexDigits;
        }
    }

    /// <summary>
    /// libyaml refuses a tab where a block scalar's indentation is still being found (after the leading spaces of its
    /// first lines, up to the first non-empty one) when no indentation indicator was given; YamlDotNet reads the tab
    /// as content. <c>text[start..end)</c> is the scalar from its header.
    /// </summary>
    public static void CheckBlockScalarTabs(string text, int start, int end, YamlPosition at)
    {
        end = Math.Min(end, text.Length);
        var i = start;
        while (i < end && text[i] is not ('|' or '>')) i++;
        var headerEnd = text.IndexOf('\n', i);
        if (i >= end || headerEnd < 0 || headerEnd >= end) return;
        for (var h = i + 1; h < headerEnd && text[h] is not ('#' or ' ' or '\t'); h++)
        {
            if (char.IsAsciiDigit(text[h])) return; // explicit indentation
        }
        var line = headerEnd + 1;
        var lineNumber = at.Line + 1;
        while (line < end)
        {
            var spaces = 0;
            while (line + spaces < end && text[line + spaces] == ' ') spaces++;
            var next = line + spaces < text.Length ? text[line + spaces] : '\n';
            if (next == '\t') throw new GoYamlException(new YamlPosition(lineNumber, spaces + 1), "found a tab character where an indentation space is expected");
            if (next is not ('\n' or '\r')) return; // the first non-empty line fixes the indentation
            var nl = text.IndexOf('\n', line);
            if (nl < 0) return;
            line = nl + 1;
            lineNumber++;
        }
    }
}
