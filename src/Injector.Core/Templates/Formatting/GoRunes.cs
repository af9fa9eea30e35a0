using System.Globalization;
using System.Text;

namespace Injector.Templates.Formatting;

/// <summary>Go's view of text: runes (code points), UTF-8 byte lengths, and the <c>unicode</c> classes Go uses.</summary>
internal static class GoRunes
{
    public const int RuneError = 0xFFFD;

    /// <summary>The rune at <paramref name="index"/> and how many chars it takes. A lone surrogate is Go's
    /// <c>RuneError</c> (what Go decodes from an invalid byte).</summary>
    public static int Decode(ReadOnlySpan<char> text, int index, out int width)
    {
        char c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, text[index + 1]);
        }
        width = 1;
        return char.IsSurrogate(c) ? RuneError : c;
    }

    /// <summary>The rune ending just before <paramref name="end"/>.</summary>
    public static int DecodeLast(ReadOnlySpan<char> text, int end, out int width)
    {
        char c = text[end - 1];
        if (char.IsLowSurrogate(c) && end >= 2 && char.IsHighSurrogate(text[end - 2]))
        {
            width = 2;
            return char.ConvertToUtf32(text[end - 2], c);
        }
        width = 1;
        return char.IsSurrogate(c) ? RuneError : c;
    }

    public static int Count(ReadOnlySpan<char> text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (!(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Go's <c>len</c> of a string: its UTF-8 length.</summary>
    public static int Utf8Length(string text)
    {
        // Fast path: ASCII strings are their own UTF-8.
        foreach (char c in text)
        {
            if (c >= 0x80)
            {
                return Encoding.UTF8.GetByteCount(text);
            }
        }
        return text.Length;
    }

    public static void Append(StringBuilder builder, int rune)
    {
        if (rune < 0x10000)
        {
            builder.Append((char)rune);
        }
        else
        {
            builder.Append(char.ConvertFromUtf32(rune));
        }
    }

    public static bool IsValid(int rune) => rune is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF);

    public static UnicodeCategory Category(int rune) =>
        IsValid(rune) ? CharUnicodeInfo.GetUnicodeCategory(rune) : UnicodeCategory.OtherNotAssigned;

    /// <summary><c>unicode.IsLetter</c>.</summary>
    public static bool IsLetter(int rune)
    {
        if (rune < 0x80)
        {
            return (uint)((rune | 0x20) - 'a') <= 'z' - 'a';
        }
        return Category(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;
    }

    /// <summary><c>unicode.IsDigit</c> (decimal digits, category Nd).</summary>
    public static bool IsDigit(int rune) =>
        rune < 0x80 ? (uint)(rune - '0') <= 9 : Category(rune) == UnicodeCategory.DecimalDigitNumber;

    /// <summary><c>unicode.IsSpace</c>.</summary>
    public static bool IsSpace(int rune)
    {
        if (rune <= 0xFF)
        {
            return rune is ' ' or '\t' or '\n' or '\v' or '\f' or '\r' or 0x85 or 0xA0;
        }
        return Category(rune) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator;
    }

    public static bool IsUpper(int rune) => Category(rune) == UnicodeCategory.UppercaseLetter;

    public static bool IsLower(int rune) => Category(rune) == UnicodeCategory.LowercaseLetter;

    public static bool IsTitle(int rune) => Category(rune) == UnicodeCategory.TitlecaseLetter;

    /// <summary><c>strconv.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    public static bool IsPrint(int rune)
    {
        if (rune <= 0xFF)
        {
            return rune is >= 0x20 and <= 0x7E || rune is >= 0xA1 and <= 0xFF && rune != 0xAD;
        }
        switch (Category(rune))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
            case UnicodeCategory.ConnectorPunctuation:
            case UnicodeCategory.DashPunctuation:
            case UnicodeCategory.OpenPunctuation:
            case UnicodeCategory.ClosePunctuation:
            case UnicodeCategory.InitialQuotePunctuation:
            case UnicodeCategory.FinalQuotePunctuation:
            case UnicodeCategory.OtherPunctuation:
            case UnicodeCategory.MathSymbol:
            case UnicodeCategory.CurrencySymbol:
            case UnicodeCategory.ModifierSymbol:
            case UnicodeCategory.OtherSymbol:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Go's <c>unicode.ToUpper</c> of one rune.</summary>
    public static int ToUpper(int rune)
    {
        if (rune < 0x80)
        {
            return (uint)(rune - 'a') <= 'z' - 'a' ? rune - 32 : rune;
        }
        if (!IsValid(rune))
        {
            return rune;
        }
        var upper = Rune.ToUpperInvariant(new Rune(rune));
        return upper.Value;
    }

    /// <summary>Go's <c>unicode.ToLower</c> of one rune.</summary>
    public static int ToLower(int rune)
    {
        if (rune < 0x80)
        {
            return (uint)(rune - 'A') <= 'Z' - 'A' ? rune + 32 : rune;
        }
        if (!IsValid(rune))
        {
            return rune;
        }
        return Rune.ToLowerInvariant(new Rune(rune)).Value;
    }

    /// <summary>Go's <c>unicode.ToTitle</c> of one rune (upper case for every script .NET knows).</summary>
    public static int ToTitle(int rune) => rune switch
    {
        // The four Latin digraphs have distinct title-case forms.
        0x01C4 or 0x01C5 or 0x01C6 => 0x01C5,
        0x01C7 or 0x01C8 or 0x01C9 => 0x01C8,
        0x01CA or 0x01CB or 0x01CC => 0x01CB,
        0x01F1 or 0x01F2 or 0x01F3 => 0x01F2,
        _ => ToUpper(rune),
    };
}
