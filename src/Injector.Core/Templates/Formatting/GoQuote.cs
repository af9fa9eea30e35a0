using System.Text;

namespace Injector.Templates.Formatting;

/// <summary>Go's <c>strconv</c> quoting: <c>Quote</c>, <c>QuoteToASCII</c>, <c>QuoteRune</c>, <c>CanBackquote</c>,
/// <c>Unquote</c> and <c>UnquoteChar</c>.</summary>
internal static class GoQuote
{
    private const string LowerHex = "0123456789abcdef";

    public static string Quote(string text, bool asciiOnly = false)
    {
        var builder = new StringBuilder(text.Length + 2);
        AppendQuoted(builder, text, '"', asciiOnly);
        return builder.ToString();
    }

    public static void AppendQuoted(StringBuilder builder, ReadOnlySpan<char> text, char quote, bool asciiOnly)
    {
        builder.Append(quote);
        for (int i = 0; i < text.Length;)
        {
            int rune = GoRunes.Decode(text, i, out int width);
            i += width;
            AppendEscapedRune(builder, rune, quote, asciiOnly);
        }
        builder.Append(quote);
    }

    public static string QuoteRune(int rune, bool asciiOnly = false)
    {
        var builder = new StringBuilder(8);
        builder.Append('\'');
        if (!GoRunes.IsValid(rune))
        {
            rune = GoRunes.RuneError;
        }
        AppendEscapedRune(builder, rune, '\'', asciiOnly);
        builder.Append('\'');
        return builder.ToString();
    }

    private static void AppendEscapedRune(StringBuilder builder, int rune, char quote, bool asciiOnly)
    {
        if (rune == quote || rune == '\\')
        {
            builder.Append('\\').Append((char)rune);
            return;
        }
        if (asciiOnly ? rune < 0x80 && GoRunes.IsPrint(rune) : GoRunes.IsPrint(rune))
        {
            GoRunes.Append(builder, rune);
            return;
        }
        switch (rune)
        {
            case '\a': builder.Append("\\a"); return;
            case '\b': builder.Append("\\b"); return;
            case '\f': builder.Append("\\f"); return;
            case '\n': builder.Append("\\n"); return;
            case '\r': builder.Append("\\r"); return;
            case '\t': builder.Append("\\t"); return;
            case '\v': builder.Append("\\v"); return;
        }
        if (rune < ' ' || rune == 0x7F)
        {
            builder.Append("\\x").Append(LowerHex[rune >> 4]).Append(LowerHex[rune & 0xF]);
        }
        else if (rune < 0x10000 || !GoRunes.IsValid(rune))
        {
            if (!GoRunes.IsValid(rune))
            {
                rune = GoRunes.RuneError;
            }
            builder.Append("\\u");
            for (int shift = 12; shift >= 0; shift -= 4)
            {
                builder.Append(LowerHex[(rune >> shift) & 0xF]);
            }
        }
        else
        {
            builder.Append("\\U");
            for (int shift = 28; shift >= 0; shift -= 4)
            {
                builder.Append(LowerHex[(rune >> shift) & 0xF]);
            }
        }
    }

    /// <summary><c>strconv.CanBackquote</c>: no control characters other than tab, no backquote, no U+FEFF.</summary>
    public static bool CanBackquote(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length;)
        {
            int rune = GoRunes.Decode(text, i, out int width);
            i += width;
            if (rune == GoRunes.RuneError && width == 1 && char.IsSurrogate(text[i - 1]))
            {
                return false;
            }
            if (rune < 0x80)
            {
                if (rune < ' ' && rune != '\t' || rune == '`' || rune == 0x7F)
                {
                    return false;
                }
            }
            else if (rune == 0xFEFF)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary><c>strconv.Unquote</c> for <c>"..."</c>, <c>`...`</c> and <c>'.'</c>; null when the syntax is invalid.</summary>
    public static string? Unquote(string quoted)
    {
        if (quoted.Length < 2)
        {
            return null;
        }
        char quote = quoted[0];
        if (quote != quoted[^1])
        {
            return null;
        }
        var body = quoted.AsSpan(1, quoted.Length - 2);
        switch (quote)
        {
            case '`':
                if (body.Contains('`'))
                {
                    return null;
                }
                // Go drops carriage returns from raw strings.
                return body.Contains('\r') ? body.ToString().Replace("\r", "", StringComparison.Ordinal) : body.ToString();
            case '"':
            case '\'':
                break;
            default:
                return null;
        }
        if (body.Contains('\n'))
        {
            return null;
        }
        if (!body.Contains('\\') && !body.Contains(quote))
        {
            if (quote == '"')
            {
                return body.ToString();
            }
            if (body.Length > 0 && GoRunes.Decode(body, 0, out int width) >= 0 && width == body.Length)
            {
                return body.ToString();
            }
        }
        var builder = new StringBuilder(body.Length);
        int index = 0;
        while (index < body.Length)
        {
            if (!UnquoteChar(body, ref index, quote, out int rune, out bool isByte))
            {
                return null;
            }
            if (isByte && rune >= 0x80)
            {
                // A raw byte that is not ASCII cannot be held in a .NET string: it becomes U+FFFD.
                builder.Append((char)GoRunes.RuneError);
            }
            else
            {
                GoRunes.Append(builder, rune);
            }
            if (quote == '\'' && index < body.Length)
            {
                return null;
            }
        }
        if (quote == '\'' && builder.Length == 0)
        {
            return null;
        }
        return builder.ToString();
    }

    /// <summary><c>strconv.UnquoteChar</c>: decodes one character or escape at <paramref name="index"/>.</summary>
    public static bool UnquoteChar(ReadOnlySpan<char> text, ref int index, char quote, out int rune, out bool isByte)
    {
        rune = 0;
        isByte = false;
        if (index >= text.Length)
        {
            return false;
        }
        char c = text[index];
        if (c == quote && quote is '\'' or '"')
        {
            return false;
        }
        if (c != '\\')
        {
            rune = GoRunes.Decode(text, index, out int width);
            index += width;
            return true;
        }
        if (index + 1 >= text.Length)
        {
            return false;
        }
        char escape = text[index + 1];
        index += 2;
        switch (escape)
        {
            case 'a': rune = '\a'; return true;
            case 'b': rune = '\b'; return true;
            case 'f': rune = '\f'; return true;
            case 'n': rune = '\n'; return true;
            case 'r': rune = '\r'; return true;
            case 't': rune = '\t'; return true;
            case 'v': rune = '\v'; return true;
            case 'x':
            case 'u':
            case 'U':
            {
                int digits = escape == 'x' ? 2 : escape == 'u' ? 4 : 8;
                if (index + digits > text.Length)
                {
                    return false;
                }
                int value = 0;
                for (int i = 0; i < digits; i++)
                {
                    int digit = HexValue(text[index + i]);
                    if (digit < 0)
                    {
                        return false;
                    }
                    value = (value << 4) | digit;
                }
                index += digits;
                if (escape == 'x')
                {
                    rune = value;
                    isByte = true;
                    return true;
                }
                if (!GoRunes.IsValid(value))
                {
                    return false;
                }
                rune = value;
                return true;
            }
            case >= '0' and <= '7':
            {
                int value = escape - '0';
                if (index + 2 > text.Length)
                {
                    return false;
                }
                for (int i = 0; i < 2; i++)
                {
                    int digit = text[index + i] - '0';
                    if (digit is < 0 or > 7)
                    {
                        return false;
                    }
                    value = (value << 3) | digit;
                }
                index += 2;
                if (value > 255)
                {
                    return false;
                }
                rune = value;
                isByte = true;
                return true;
            }
            case '\\':
                rune = '\\';
                return true;
            case '\'':
            case '"':
                if (escape != quote)
                {
                    return false;
                }
                rune = escape;
                return true;
            default:
                return false;
        }
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
