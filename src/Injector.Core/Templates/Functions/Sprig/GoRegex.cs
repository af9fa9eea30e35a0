using System.Text;
using System.Text.RegularExpressions;
using Injector.Templates.Execution;
using Injector.Templates.Formatting;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Sprig;

/// <summary>
/// Go's <c>regexp</c> (RE2 syntax, leftmost-first matches, linear time) on .NET's non-backtracking engine: the pattern
/// is translated where the syntaxes differ (<c>\d \w \s</c> are ASCII, <c>$</c> is the end of the text, POSIX classes,
/// <c>\Q..\E</c>, <c>(?P&lt;name&gt;)</c>), and Go's iteration rules for <c>FindAll</c>, <c>ReplaceAll</c> and
/// <c>Split</c> (empty matches, <c>$1</c> expansion) are kept. Compile errors carry .NET's description.
/// </summary>
internal sealed class GoRegex
{
    private readonly Regex regex;

    private GoRegex(Regex regex) => this.regex = regex;

    /// <summary>Compiles <paramref name="pattern"/>; the error is Go-shaped (<c>error parsing regexp: ...</c>). Not
    /// cached here: templates keep their literal patterns, an execution the others
    /// (<see cref="TemplateExecution.Regex"/>).</summary>
    public static GoRegex? TryCompile(string pattern, out string? error)
    {
        try
        {
            string translated = Translate(pattern);
            var regex = new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            error = null;
            return new GoRegex(regex);
        }
        catch (RegexParseException ex)
        {
            error = "error parsing regexp: " + ex.Error switch
            {
                RegexParseError.InsufficientClosingParentheses => "missing closing )",
                RegexParseError.InsufficientOpeningParentheses => "unexpected )",
                RegexParseError.UnterminatedBracket => "missing closing ]",
                RegexParseError.ReversedCharacterRange => "invalid character class range",
                RegexParseError.NestedQuantifiersNotParenthesized => "invalid nested repetition operator",
                RegexParseError.QuantifierAfterNothing => "missing argument to repetition operator",
                _ => ex.Message.Split('\n')[0],
            } + ": `" + pattern + "`";
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or FormatException)
        {
            error = "error parsing regexp: " + ex.Message.Split('\n')[0] + ": `" + pattern + "`";
            return null;
        }
    }

    /// <summary><c>regexp.MustCompile</c>: the panic text when the pattern does not compile.</summary>
    public static GoRegex MustCompile(TemplateExecution execution, string pattern)
    {
        var compiled = execution.Regex(pattern, out var error);
        if (compiled is null)
        {
            string quoted = GoQuote.CanBackquote(pattern) ? "`" + pattern + "`" : GoQuote.Quote(pattern);
            throw new GoCallException("regexp: Compile(" + quoted + "): " + error);
        }
        return compiled;
    }

    /// <summary><c>regexp.Compile</c>: the error fails the call.</summary>
    public static GoRegex Compile(TemplateExecution execution, string pattern) =>
        execution.Regex(pattern, out var error) ?? throw new GoCallException(error!);

    public bool IsMatch(string input) => Guard(() => regex.IsMatch(input));

    public string FindString(string input)
    {
        var match = Guard(() => regex.Match(input));
        return match.Success ? match.Value : "";
    }

    /// <summary>Go's <c>FindAllString(s, n)</c>: n &lt; 0 means all; an empty match right after a match is skipped.</summary>
    public List<Match> FindAll(TemplateExecution execution, string input, long n)
    {
        var matches = new List<Match>();
        if (n == 0)
        {
            return matches;
        }
        int pos = 0;
        int previousEnd = -1;
        while ((n < 0 || matches.Count < n) && pos <= input.Length)
        {
            execution.Step();
            var match = Guard(() => regex.Match(input, pos));
            if (!match.Success)
            {
                break;
            }
            bool accept = true;
            int end = match.Index + match.Length;
            if (end == pos)
            {
                // An empty match: never right after the previous match; then move on one rune.
                if (match.Index == previousEnd)
                {
                    accept = false;
                }
                pos += pos < input.Length ? RuneWidth(input, pos) : 1;
            }
            else
            {
                pos = end;
            }
            previousEnd = end;
            if (accept)
            {
                matches.Add(match);
            }
        }
        return matches;
    }

    /// <summary>Go's <c>ReplaceAllString</c> (<paramref name="literal"/>: <c>ReplaceAllLiteralString</c>).</summary>
    public string ReplaceAll(TemplateExecution execution, string input, string replacement, bool literal)
    {
        var output = new StringBuilder(input.Length);
        int lastMatchEnd = 0;
        int searchPos = 0;
        while (searchPos <= input.Length)
        {
            execution.Step();
            var match = Guard(() => regex.Match(input, searchPos));
            if (!match.Success)
            {
                break;
            }
            int start = match.Index, end = match.Index + match.Length;
            output.Append(input, lastMatchEnd, start - lastMatchEnd);
            // No replacement for an empty match right after another match.
            if (end > lastMatchEnd || start == 0)
            {
                if (literal)
                {
                    output.Append(replacement);
                }
                else
                {
                    Expand(output, replacement, match);
                }
                if (output.Length > execution.RemainingWork)
                {
                    execution.ChargeWork(output.Length);
                }
            }
            lastMatchEnd = end;
            int width = searchPos < input.Length ? RuneWidth(input, searchPos) : 0;
            if (searchPos + width > end)
            {
                searchPos += width;
            }
            else if (searchPos + 1 > end)
            {
                searchPos++;
            }
            else
            {
                searchPos = end;
            }
        }
        output.Append(input, lastMatchEnd, input.Length - lastMatchEnd);
        execution.ChargeWork(output.Length);
        return output.ToString();
    }

    /// <summary>Go's <c>Split(s, n)</c>.</summary>
    public List<string>? Split(TemplateExecution execution, string pattern, string input, long n)
    {
        if (n == 0)
        {
            return null;
        }
        if (pattern.Length > 0 && input.Length == 0)
        {
            return [""];
        }
        var matches = FindAll(execution, input, n);
        var parts = new List<string>(matches.Count + 1);
        int begin = 0, end = 0;
        foreach (var match in matches)
        {
            if (n > 0 && parts.Count == n - 1)
            {
                break;
            }
            end = match.Index;
            if (match.Index + match.Length != 0)
            {
                parts.Add(input[begin..end]);
            }
            begin = match.Index + match.Length;
        }
        if (end != input.Length)
        {
            parts.Add(input[begin..]);
        }
        return parts;
    }

    /// <summary>Go's template expansion: <c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c>, <c>$$</c>; a name takes
    /// every letter, digit and underscore that follows; an unknown group expands to nothing.</summary>
    private void Expand(StringBuilder output, string template, Match match)
    {
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                output.Append(c);
                continue;
            }
            char next = template[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i++;
                continue;
            }
            string? name = null;
            int after;
            if (next == '{')
            {
                int close = template.IndexOf('}', i + 2);
                if (close < 0)
                {
                    output.Append(c);
                    continue;
                }
                name = template[(i + 2)..close];
                after = close;
                if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                {
                    output.Append(c);
                    continue;
                }
            }
            else
            {
                int j = i + 1;
                while (j < template.Length && (char.IsAsciiLetterOrDigit(template[j]) || template[j] == '_'))
                {
                    j++;
                }
                if (j == i + 1)
                {
                    output.Append(c);
                    continue;
                }
                name = template[(i + 1)..j];
                after = j - 1;
            }
            i = after;
            Group? group = null;
            if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number))
            {
                if (number < regex.GetGroupNumbers().Length)
                {
                    group = match.Groups[number];
                }
            }
            else if (regex.GroupNumberFromName(name) >= 0)
            {
                group = match.Groups[name];
            }
            if (group is { Success: true })
            {
                output.Append(group.Value);
            }
        }
    }

    private static int RuneWidth(string text, int index)
    {
        GoRunes.Decode(text, index, out int width);
        return width;
    }

    private static T Guard<T>(Func<T> run)
    {
        try
        {
            return run();
        }
        catch (RegexMatchTimeoutException)
        {
            throw new TemplateLimitException("a regular expression ran too long");
        }
    }

    /// <summary>Rewrites Go syntax the .NET engine reads differently.</summary>
    private static string Translate(string pattern)
    {
        bool multiline = pattern.Contains("(?", StringComparison.Ordinal) && HasFlag(pattern, 'm');
        if (pattern.Contains("(?", StringComparison.Ordinal) && HasFlag(pattern, 'U'))
        {
            throw new NotSupportedException("the U (ungreedy) flag is not supported");
        }
        var output = new StringBuilder(pattern.Length + 16);
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                char e = pattern[i + 1];
                i++;
                switch (e)
                {
                    case 'Q':
                    {
                        int end = pattern.IndexOf("\\E", i + 1, StringComparison.Ordinal);
                        string literal = end < 0 ? pattern[(i + 1)..] : pattern[(i + 1)..end];
                        output.Append(inClass ? EscapeInClass(literal) : Regex.Escape(literal));
                        i = end < 0 ? pattern.Length : end + 1;
                        continue;
                    }
                    case 'd':
                        output.Append(inClass ? "0-9" : "[0-9]");
                        continue;
                    case 'D':
                        output.Append(inClass ? "\\D" : "[^0-9]");
                        continue;
                    case 'w':
                        output.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]");
                        continue;
                    case 'W':
                        output.Append(inClass ? "\\W" : "[^0-9A-Za-z_]");
                        continue;
                    case 's':
                        output.Append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]");
                        continue;
                    case 'S':
                        output.Append(inClass ? "\\S" : "[^\\t\\n\\f\\r ]");
                        continue;
                    case >= '1' and <= '9':
                        throw new FormatException("invalid escape sequence: `\\" + e + "`");
                    default:
                        output.Append('\\').Append(e);
                        continue;
                }
            }
            if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':')
                {
                    int close = pattern.IndexOf(":]", i + 2, StringComparison.Ordinal);
                    if (close > 0 && PosixClass(pattern[(i + 2)..close]) is string expansion)
                    {
                        output.Append(expansion);
                        i = close + 1;
                        continue;
                    }
                }
                if (c == '[')
                {
                    // A literal '[' inside a class (.NET would read "[a-[b]]" as subtraction).
                    output.Append("\\[");
                    continue;
                }
                if (c == ']' && output.Length > 0 && output[^1] != '[' && !(output.Length > 1 && output[^1] == '^' && output[^2] == '['))
                {
                    inClass = false;
                }
                output.Append(c);
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    output.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        output.Append('^');
                        i++;
                    }
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        // A ']' right after the opening bracket is a literal.
                        output.Append("\\]");
                        i++;
                    }
                    continue;
                case '$':
                    output.Append(multiline ? "(?=\\n|\\z)" : "\\z");
                    continue;
                case '(' when i + 2 < pattern.Length && pattern[i + 1] == '?' && pattern[i + 2] == 'P' && i + 3 < pattern.Length && pattern[i + 3] == '<':
                    output.Append("(?<");
                    i += 3;
                    continue;
                case '{':
                    CheckRepeat(pattern, i);
                    output.Append(c);
                    continue;
                default:
                    output.Append(c);
                    continue;
            }
        }
        return output.ToString();
    }

    private static bool HasFlag(string pattern, char flag)
    {
        int index = 0;
        while ((index = pattern.IndexOf("(?", index, StringComparison.Ordinal)) >= 0)
        {
            int j = index + 2;
            while (j < pattern.Length && char.IsAsciiLetter(pattern[j]))
            {
                if (pattern[j] == flag)
                {
                    return true;
                }
                j++;
            }
            index += 2;
        }
        return false;
    }

    private static void CheckRepeat(string pattern, int open)
    {
        int close = pattern.IndexOf('}', open);
        if (close < 0)
        {
            return;
        }
        var inside = pattern.AsSpan(open + 1, close - open - 1);
        foreach (var part in inside.ToString().Split(','))
        {
            if (part.Length > 0 && part.All(char.IsAsciiDigit) && (part.Length > 4 || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 1000))
            {
                throw new FormatException("invalid repeat count: `" + pattern[open..(close + 1)] + "`");
            }
        }
    }

    private static string EscapeInClass(string literal)
    {
        var builder = new StringBuilder();
        foreach (char c in literal)
        {
            if (c is '\\' or ']' or '[' or '^' or '-')
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    private static string? PosixClass(string name) => name switch
    {
        "alnum" => "0-9A-Za-z",
        "alpha" => "A-Za-z",
        "ascii" => "\\x00-\\x7F",
        "blank" => "\\t ",
        "cntrl" => "\\x00-\\x1F\\x7F",
        "digit" => "0-9",
        "graph" => "!-~",
        "lower" => "a-z",
        "print" => " -~",
        "punct" => "!-/:-@\\[-`{-~",
        "space" => "\\t\\n\\v\\f\\r ",
        "upper" => "A-Z",
        "word" => "0-9A-Za-z_",
        "xdigit" => "0-9A-Fa-f",
        _ => null,
    };
}
