using System.Globalization;
using System.Text;
using Injector.Templates.Formatting;
using Injector.Templates.Values;

namespace Injector.Templates.Json;

/// <summary>
/// Go's <c>json.Unmarshal</c> into <c>any</c>: objects → <c>map[string]interface {}</c>, arrays →
/// <c>[]interface {}</c>, numbers → float64; syntax errors with Go's texts (<c>invalid character 'x' looking for
/// beginning of value</c>, <c>unexpected end of JSON input</c>). The result is mutable (the template run owns it).
/// Nesting is bounded (Go allows 10000 levels; this parser the value-depth limit of the execution).
/// </summary>
internal sealed class GoJsonParser
{
    private readonly string text;
    private readonly int maxDepth;
    private int pos;
    private string? rangeError;

    private GoJsonParser(string text, int maxDepth)
    {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /// <summary>Decodes <paramref name="json"/>; false with Go's error text when it is not valid JSON.</summary>
    public static bool TryParse(string json, int maxDepth, out object? value, out string? error)
    {
        var parser = new GoJsonParser(json, maxDepth);
        try
        {
            parser.SkipSpace();
            value = parser.ParseValue(0);
            parser.SkipSpace();
            if (parser.pos < json.Length)
            {
                throw parser.Invalid("after top-level value");
            }
            if (parser.rangeError is not null)
            {
                value = null;
                error = parser.rangeError;
                return false;
            }
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            value = null;
            error = ex.Message;
            return false;
        }
    }

    private FormatException EndOfInput() => new("unexpected end of JSON input");

    private FormatException Invalid(string context)
    {
        if (pos >= text.Length)
        {
            return EndOfInput();
        }
        return new FormatException("invalid character " + QuoteChar(text, pos) + " " + context);
    }

    /// <summary>Inside a literal, number or escape, Go's scanner meets the end of the input as a space.</summary>
    private FormatException InvalidOrSpace(string context) =>
        pos >= text.Length ? new FormatException("invalid character ' ' " + context) : Invalid(context);

    /// <summary>Go quotes the offending byte: <c>'x'</c>, <c>'\''</c>, <c>'"'</c>, <c>'\n'</c>.</summary>
    private static string QuoteChar(string text, int index)
    {
        char c = text[index];
        if (c == '\'')
        {
            return "'\\''";
        }
        if (c == '"')
        {
            return "'\"'";
        }
        int b = c;
        if (c >= 0x80)
        {
            // The first byte of the character's UTF-8 encoding, as a Latin-1 rune (Go converts the byte).
            Span<byte> bytes = stackalloc byte[4];
            int rune = GoRunes.Decode(text, index, out int width);
            Encoding.UTF8.GetBytes(text.AsSpan(index, width), bytes);
            b = rune == GoRunes.RuneError && char.IsSurrogate(c) ? 0xEF : bytes[0];
        }
        string quoted = GoQuote.Quote(((char)b).ToString());
        return "'" + quoted[1..^1] + "'";
    }

    private void SkipSpace()
    {
        while (pos < text.Length && text[pos] is ' ' or '\t' or '\n' or '\r')
        {
            pos++;
        }
    }

    private object? ParseValue(int depth)
    {
        if (pos >= text.Length)
        {
            throw EndOfInput();
        }
        char c = text[pos];
        switch (c)
        {
            case '{':
                return ParseObject(depth + 1);
            case '[':
                return ParseArray(depth + 1);
            case '"':
                return ParseString();
            case 't':
                Literal("true");
                return true;
            case 'f':
                Literal("false");
                return false;
            case 'n':
                Literal("null");
                return null;
            case '-':
            case >= '0' and <= '9':
                return ParseNumber();
            default:
                throw Invalid("looking for beginning of value");
        }
    }

    private void CheckDepth(int depth)
    {
        if (depth > maxDepth)
        {
            throw new FormatException("exceeded max depth");
        }
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
    }

    private GoAnyMap ParseObject(int depth)
    {
        CheckDepth(depth);
        pos++;
        var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
        SkipSpace();
        if (pos < text.Length && text[pos] == '}')
        {
            pos++;
            return GoAnyMap.Wrap(entries, mutable: true);
        }
        while (true)
        {
            SkipSpace();
            if (pos >= text.Length)
            {
                throw EndOfInput();
            }
            if (text[pos] != '"')
            {
                throw Invalid("looking for beginning of object key string");
            }
            string key = ParseString();
            SkipSpace();
            if (pos >= text.Length)
            {
                throw EndOfInput();
            }
            if (text[pos] != ':')
            {
                throw Invalid("after object key");
            }
            pos++;
            SkipSpace();
            entries[key] = ParseValue(depth);
            SkipSpace();
            if (pos >= text.Length)
            {
                throw EndOfInput();
            }
            if (text[pos] == ',')
            {
                pos++;
                continue;
            }
            if (text[pos] == '}')
            {
                pos++;
                return GoAnyMap.Wrap(entries, mutable: true);
            }
            throw Invalid("after object key:value pair");
        }
    }

    private GoListSlice ParseArray(int depth)
    {
        CheckDepth(depth);
        pos++;
        var items = new List<object?>();
        SkipSpace();
        if (pos < text.Length && text[pos] == ']')
        {
            pos++;
            return GoListSlice.Any([]);
        }
        while (true)
        {
            SkipSpace();
            items.Add(ParseValue(depth));
            SkipSpace();
            if (pos >= text.Length)
            {
                throw EndOfInput();
            }
            if (text[pos] == ',')
            {
                pos++;
                continue;
            }
            if (text[pos] == ']')
            {
                pos++;
                return GoListSlice.Any([.. items]);
            }
            throw Invalid("after array element");
        }
    }

    private void Literal(string word)
    {
        // The first letter is known; each next one must match.
        pos++;
        for (int i = 1; i < word.Length; i++)
        {
            if (pos >= text.Length || text[pos] != word[i])
            {
                throw InvalidOrSpace("in literal " + word + " (expecting '" + word[i] + "')");
            }
            pos++;
        }
    }

    private double ParseNumber()
    {
        int start = pos;
        if (text[pos] == '-')
        {
            pos++;
            if (pos >= text.Length || text[pos] is < '0' or > '9')
            {
                throw InvalidOrSpace("in numeric literal");
            }
        }
        if (text[pos] == '0')
        {
            pos++;
        }
        else
        {
            while (pos < text.Length && text[pos] is >= '0' and <= '9')
            {
                pos++;
            }
        }
        if (pos < text.Length && text[pos] == '.')
        {
            pos++;
            if (pos >= text.Length || text[pos] is < '0' or > '9')
            {
                throw InvalidOrSpace("after decimal point in numeric literal");
            }
            while (pos < text.Length && text[pos] is >= '0' and <= '9')
            {
                pos++;
            }
        }
        if (pos < text.Length && text[pos] is 'e' or 'E')
        {
            pos++;
            if (pos < text.Length && text[pos] is '+' or '-')
            {
                pos++;
            }
            if (pos >= text.Length || text[pos] is < '0' or > '9')
            {
                throw InvalidOrSpace("in exponent of numeric literal");
            }
            while (pos < text.Length && text[pos] is >= '0' and <= '9')
            {
                pos++;
            }
        }
        string literal = text[start..pos];
        double value = double.Parse(literal, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            rangeError ??= "json: cannot unmarshal number " + literal + " into Go value of type float64";
            return 0;
        }
        return value;
    }

    private string ParseString()
    {
        pos++;
        var builder = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length)
            {
                throw EndOfInput();
            }
            char c = text[pos];
            if (c == '"')
            {
                pos++;
                return builder.ToString();
            }
            if (c < ' ')
            {
                throw Invalid("in string literal");
            }
            if (c != '\\')
            {
                builder.Append(c);
                pos++;
                continue;
            }
            pos++;
            if (pos >= text.Length)
            {
                throw InvalidOrSpace("in string escape code");
            }
            char escape = text[pos];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                {
                    int code = Hex4();
                    if (char.IsHighSurrogate((char)code) && pos + 6 < text.Length && text[pos + 1] == '\\' && text[pos + 2] == 'u')
                    {
                        int save = pos;
                        pos += 2;
                        int low = Hex4();
                        if (char.IsLowSurrogate((char)low))
                        {
                            builder.Append((char)code).Append((char)low);
                            break;
                        }
                        pos = save;
                    }
                    // A lone surrogate decodes to the replacement character.
                    builder.Append(char.IsSurrogate((char)code) ? '\uFFFD' : (char)code);
                    break;
                }
                default:
                    throw Invalid("in string escape code");
            }
            pos++;
        }
    }

    /// <summary>Reads the four hex digits after <c>\u</c> (pos is on the 'u'); leaves pos on the last digit.</summary>
    private int Hex4()
    {
        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            pos++;
            if (pos >= text.Length)
            {
                throw InvalidOrSpace("in \\u hexadecimal character escape");
            }
            int digit = text[pos] switch
            {
                >= '0' and <= '9' => text[pos] - '0',
                >= 'a' and <= 'f' => text[pos] - 'a' + 10,
                >= 'A' and <= 'F' => text[pos] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                throw Invalid("in \\u hexadecimal character escape");
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
