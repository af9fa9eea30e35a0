using System.Text;

namespace Injector.Kube.Yaml;

internal enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// <summary>
/// Which styles can carry a string exactly, by the rules of libyaml's emitter (go-yaml v2's): indicators at the
/// start or after white space, leading or trailing spaces and breaks, a space next to a break, characters outside
/// YAML's printable set (tab, carriage return, C0/C1 controls, U+FEFF, anything above U+FFFF) each rule out some.
/// </summary>
internal readonly struct YamlScalarAnalysis
{
    public bool Multiline { get; private init; }
    public bool BlockPlainAllowed { get; private init; }
    public bool SingleQuotedAllowed { get; private init; }
    public bool BlockAllowed { get; private init; }

    public static YamlScalarAnalysis Of(Rune[] value)
    {
        if (value.Length == 0)
        {
            return new YamlScalarAnalysis { BlockPlainAllowed = true, SingleQuotedAllowed = true };
        }
        var blockIndicators = false;
        var specialCharacters = false;
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
        bool breakSpace = false, spaceBreak = false, lineBreaks = false;
        bool previousSpace = false, previousBreak = false;

        if (value.Length >= 3 && (IsThree(value, '-') || IsThree(value, '.'))) blockIndicators = true;
        var precededByWhitespace = true;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i].Value;
            var followedByWhitespace = i + 1 >= value.Length || value[i + 1].Value is ' ' or '\t';
            var last = i + 1 == value.Length;
            if (i == 0)
            {
                switch (c)
                {
                    case '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`':
                        blockIndicators = true;
                        break;
                    case '?' or ':' or '-':
                        if (followedByWhitespace) blockIndicators = true;
                        break;
                }
            }
            else if (c == ':' && followedByWhitespace || c == '#' && precededByWhitespace)
            {
                blockIndicators = true;
            }

            if (!IsPrintable(c)) specialCharacters = true;
            if (c == ' ')
            {
                if (i == 0) leadingSpace = true;
                if (last) trailingSpace = true;
                if (previousBreak) breakSpace = true;
                previousSpace = true;
                previousBreak = false;
            }
            else if (IsBreak(c))
            {
                lineBreaks = true;
                if (i == 0) leadingBreak = true;
                if (last) trailingBreak = true;
                if (previousSpace) spaceBreak = true;
                previousSpace = false;
                previousBreak = true;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = c is ' ' or '\t' or 0 || IsBreak(c);
        }

        var plain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak
            || specialCharacters || lineBreaks || blockIndicators);
        return new YamlScalarAnalysis
        {
            Multiline = lineBreaks,
            BlockPlainAllowed = plain,
            SingleQuotedAllowed = !(breakSpace || spaceBreak || specialCharacters),
            BlockAllowed = !(trailingSpace || spaceBreak || specialCharacters),
        };
    }

    /// <summary>libyaml's emitter's printable set (narrower than the reader's: no tab, CR, NEL or U+10000 and up).</summary>
    public static bool IsPrintable(int c) =>
        c == '\n' || c is >= 0x20 and <= 0x7E || c is >= 0xA0 and <= 0xD7FF || c is >= 0xE000 and <= 0xFFFD && c != 0xFEFF;

    public static bool IsBreak(int c) => c is '\r' or '\n' or 0x85 or 0x2028 or 0x2029;

    private static bool IsThree(Rune[] value, char c) => value[0].Value == c && value[1].Value == c && value[2].Value == c;
}
