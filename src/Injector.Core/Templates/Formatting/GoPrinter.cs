using System.Text;
using Injector.Templates.Execution;
using Injector.Templates.Values;

namespace Injector.Templates.Formatting;

/// <summary>
/// Go's <c>fmt</c> over the template value model: <c>Sprint</c>, <c>Sprintln</c>, <c>Sprintf</c> (verbs, flags, width,
/// precision, argument indexes, and the <c>%!verb(type=value)</c> error forms) and the <c>%v</c> printing of maps
/// (sorted keys), slices, structs and nil. One printer belongs to one execution (not thread-safe); every write checks
/// the output budget so a width like <c>%999999d</c> in a loop cannot exhaust memory.
/// </summary>
internal sealed class GoPrinter
{
    private const string LowerDigits = "0123456789abcdefx";
    private const string UpperDigits = "0123456789ABCDEFX";

    private StringBuilder buf = new();
    private long limit = long.MaxValue;
    private int maxDepth = 1000;

    // fmt's flags for the verb being printed.
    private bool widPresent, precPresent, minus, plus, sharp, space, zero, plusV, sharpV;
    private int wid, prec;
    private bool erroring;

    /// <summary>Appends the <c>fmt.Sprint</c> of one value (<c>%v</c>) to <paramref name="output"/>.</summary>
    public void AppendValue(StringBuilder output, object? value, long maxLength, int valueDepth)
    {
        Begin(output, maxLength, valueDepth);
        PrintArg(value, 'v');
    }

    public void AppendSprint(StringBuilder output, ReadOnlySpan<object?> args, long maxLength, int valueDepth)
    {
        Begin(output, maxLength, valueDepth);
        bool previousString = false;
        for (int i = 0; i < args.Length; i++)
        {
            bool isString = args[i] is string;
            if (i > 0 && !isString && !previousString)
            {
                Write(' ');
            }
            PrintArg(args[i], 'v');
            previousString = isString;
        }
    }

    public void AppendSprintln(StringBuilder output, ReadOnlySpan<object?> args, long maxLength, int valueDepth)
    {
        Begin(output, maxLength, valueDepth);
        for (int i = 0; i < args.Length; i++)
        {
            if (i > 0)
            {
                Write(' ');
            }
            PrintArg(args[i], 'v');
        }
        Write('\n');
    }

    public void AppendSprintf(StringBuilder output, string format, ReadOnlySpan<object?> args, long maxLength, int valueDepth)
    {
        Begin(output, maxLength, valueDepth);
        DoPrintf(format, args);
    }

    public string Sprint(object? value)
    {
        var output = new StringBuilder();
        AppendValue(output, value, long.MaxValue, 1000);
        return output.ToString();
    }

    private void Begin(StringBuilder output, long maxLength, int valueDepth)
    {
        buf = output;
        limit = maxLength;
        maxDepth = valueDepth;
        erroring = false;
        ClearFlags();
    }

    private void ClearFlags()
    {
        widPresent = precPresent = minus = plus = sharp = space = zero = plusV = sharpV = false;
        wid = prec = 0;
    }

    // ---- writing with the budget ----

    private void Check(long more)
    {
        if (buf.Length + more > limit)
        {
            throw new TemplateLimitException("text exceeds the limit of " + limit + " characters");
        }
    }

    private void Write(char c)
    {
        Check(1);
        buf.Append(c);
    }

    private void Write(string text)
    {
        Check(text.Length);
        buf.Append(text);
    }

    private void Write(ReadOnlySpan<char> text)
    {
        Check(text.Length);
        buf.Append(text);
    }

    private void WritePadding(int n)
    {
        if (n <= 0)
        {
            return;
        }
        Check(n);
        buf.Append(zero && !minus ? '0' : ' ', n);
    }

    private void Pad(ReadOnlySpan<char> text)
    {
        if (!widPresent || wid == 0)
        {
            Write(text);
            return;
        }
        int width = wid - GoRunes.Count(text);
        if (!minus)
        {
            WritePadding(width);
            Write(text);
        }
        else
        {
            Write(text);
            WritePadding(width);
        }
    }

    private void PadWithoutZeros(ReadOnlySpan<char> text)
    {
        bool oldZero = zero;
        zero = false;
        Pad(text);
        zero = oldZero;
    }

    // ---- doPrintf ----

    private void DoPrintf(string format, ReadOnlySpan<object?> args)
    {
        int end = format.Length;
        int argNum = 0;
        bool afterIndex = false;
        bool reordered = false;
        int i = 0;
        while (i < end)
        {
            bool goodArgNum = true;
            int last = i;
            while (i < end && format[i] != '%')
            {
                i++;
            }
            if (i > last)
            {
                Write(format.AsSpan(last, i - last));
            }
            if (i >= end)
            {
                break;
            }
            i++;
            ClearFlags();
            bool simple = false;
            for (; i < end; i++)
            {
                char c = format[i];
                switch (c)
                {
                    case '#': sharp = true; continue;
                    case '0': zero = true; continue;
                    case '+': plus = true; continue;
                    case '-': minus = true; continue;
                    case ' ': space = true; continue;
                }
                if (c is >= 'a' and <= 'z' && argNum < args.Length)
                {
                    if (c == 'v')
                    {
                        sharpV = sharp;
                        sharp = false;
                        plusV = plus;
                        plus = false;
                    }
                    PrintArg(args[argNum], c);
                    argNum++;
                    i++;
                    simple = true;
                }
                break;
            }
            if (simple)
            {
                continue;
            }

            (argNum, i, afterIndex, goodArgNum, reordered) = ArgNumber(argNum, format, i, args.Length, goodArgNum, reordered);

            if (i < end && format[i] == '*')
            {
                i++;
                (wid, widPresent, argNum) = IntFromArg(args, argNum);
                if (!widPresent)
                {
                    Write("%!(BADWIDTH)");
                }
                if (wid < 0)
                {
                    wid = -wid;
                    minus = true;
                    zero = false;
                }
                afterIndex = false;
            }
            else
            {
                (wid, widPresent, i) = ParseNumber(format, i, end);
                if (afterIndex && widPresent)
                {
                    goodArgNum = false;
                }
            }

            if (i + 1 < end && format[i] == '.')
            {
                i++;
                if (afterIndex)
                {
                    goodArgNum = false;
                }
                (argNum, i, afterIndex, goodArgNum, reordered) = ArgNumber(argNum, format, i, args.Length, goodArgNum, reordered);
                if (i < end && format[i] == '*')
                {
                    i++;
                    (prec, precPresent, argNum) = IntFromArg(args, argNum);
                    if (prec < 0)
                    {
                        prec = 0;
                        precPresent = false;
                    }
                    if (!precPresent)
                    {
                        Write("%!(BADPREC)");
                    }
                    afterIndex = false;
                }
                else
                {
                    (prec, precPresent, i) = ParseNumber(format, i, end);
                    if (!precPresent)
                    {
                        prec = 0;
                        precPresent = true;
                    }
                }
            }

            if (!afterIndex)
            {
                (argNum, i, afterIndex, goodArgNum, reordered) = ArgNumber(argNum, format, i, args.Length, goodArgNum, reordered);
            }

            if (i >= end)
            {
                Write("%!(NOVERB)");
                break;
            }

            int verb = GoRunes.Decode(format, i, out int size);
            i += size;

            if (verb == '%')
            {
                Write('%');
            }
            else if (!goodArgNum)
            {
                Write("%!");
                WriteRune(verb);
                Write("(BADINDEX)");
            }
            else if (argNum >= args.Length)
            {
                Write("%!");
                WriteRune(verb);
                Write("(MISSING)");
            }
            else
            {
                if (verb == 'v')
                {
                    sharpV = sharp;
                    sharp = false;
                    plusV = plus;
                    plus = false;
                }
                PrintArg(args[argNum], verb);
                argNum++;
            }
        }

        if (!reordered && argNum < args.Length)
        {
            ClearFlags();
            Write("%!(EXTRA ");
            for (int k = argNum; k < args.Length; k++)
            {
                if (k > argNum)
                {
                    Write(", ");
                }
                if (args[k] is null)
                {
                    Write("<nil>");
                }
                else
                {
                    Write(GoTypeNames.Of(args[k]));
                    Write('=');
                    PrintArg(args[k], 'v');
                }
            }
            Write(')');
        }
    }

    private void WriteRune(int rune)
    {
        Check(2);
        GoRunes.Append(buf, rune);
    }

    private static bool TooLarge(int x) => x > 1_000_000 || x < -1_000_000;

    private static (int Num, bool IsNum, int NewIndex) ParseNumber(string s, int start, int end)
    {
        if (start >= end)
        {
            return (0, false, end);
        }
        int num = 0;
        bool isNum = false;
        int i = start;
        for (; i < end && s[i] is >= '0' and <= '9'; i++)
        {
            if (TooLarge(num))
            {
                // Go gives up on absurd numbers and skips the rest of the format.
                return (0, false, end);
            }
            num = num * 10 + (s[i] - '0');
            isNum = true;
        }
        return (num, isNum, i);
    }

    private static (int Num, bool IsInt, int NewArgNum) IntFromArg(ReadOnlySpan<object?> args, int argNum)
    {
        if (argNum >= args.Length)
        {
            return (0, false, argNum);
        }
        int num = 0;
        bool isInt = false;
        if (args[argNum] is long value && value is >= int.MinValue and <= int.MaxValue)
        {
            num = (int)value;
            isInt = true;
        }
        else if (args[argNum] is GoEnum e && e.Number is >= int.MinValue and <= int.MaxValue)
        {
            num = (int)e.Number;
            isInt = true;
        }
        if (TooLarge(num))
        {
            num = 0;
            isInt = false;
        }
        return (num, isInt, argNum + 1);
    }

    private static (int ArgNum, int NewIndex, bool Found, bool GoodArgNum, bool Reordered) ArgNumber(
        int argNum, string format, int i, int numArgs, bool goodArgNum, bool reordered)
    {
        if (format.Length <= i || format[i] != '[')
        {
            return (argNum, i, false, goodArgNum, reordered);
        }
        reordered = true;
        var (index, width, ok) = ParseArgNumber(format, i);
        if (ok && index >= 0 && index < numArgs)
        {
            return (index, i + width, true, goodArgNum, reordered);
        }
        return (argNum, i + width, ok, false, reordered);
    }

    private static (int Index, int Width, bool Ok) ParseArgNumber(string format, int start)
    {
        if (format.Length - start < 3)
        {
            return (0, 1, false);
        }
        for (int i = start + 1; i < format.Length; i++)
        {
            if (format[i] == ']')
            {
                var (width, ok, newIndex) = ParseNumber(format, start + 1, i);
                if (!ok || newIndex != i)
                {
                    return (0, i - start + 1, false);
                }
                return (width - 1, i - start + 1, true);
            }
        }
        return (0, 1, false);
    }

    // ---- printArg / printValue ----

    private void PrintArg(object? arg, int verb)
    {
        if (arg is null)
        {
            if (verb is 'T' or 'v')
            {
                Pad("<nil>");
            }
            else
            {
                BadVerb(verb, null, isNil: true);
            }
            return;
        }
        if (verb == 'T')
        {
            FmtS(GoTypeNames.Of(arg));
            return;
        }
        if (verb == 'p')
        {
            FmtPointer(arg, verb);
            return;
        }
        PrintValue(arg, verb, 0, staticType: null);
    }

    private void PrintValue(object? value, int verb, int depth, string? staticType)
    {
        if (depth > maxDepth)
        {
            throw new TemplateLimitException("value nested deeper than " + maxDepth + " levels");
        }
        switch (value)
        {
            case null:
                // A nil interface inside a map or slice prints as nil whatever the verb.
                if (sharpV)
                {
                    Write(staticType ?? GoTypeNames.Interface);
                    Write("(nil)");
                }
                else
                {
                    Write("<nil>");
                }
                return;
            case bool b:
                FmtBool(b, verb, value);
                return;
            case long l:
                FmtInteger((ulong)l, isSigned: true, verb, value);
                return;
            case double d:
                FmtFloat(d, verb, value);
                return;
            case string s:
                FmtString(s, verb, value);
                return;
            case GoEnum e:
                // A protobuf enum is a Stringer: the verbs that accept a string print its name (not while printing
                // a bad verb's operand, where Go skips the String method).
                if (!sharpV && !erroring && verb is 'v' or 's' or 'x' or 'X' or 'q')
                {
                    FmtString(e.Name, verb, value);
                }
                else
                {
                    FmtInteger((ulong)e.Number, isSigned: true, verb, value);
                }
                return;
            case GoStruct st:
                if (sharpV)
                {
                    Write(st.FormatValue());
                }
                else
                {
                    FmtString(st.FormatValue(), verb is 'v' or 's' or 'q' or 'x' or 'X' ? verb : 'v', value);
                }
                return;
            case GoNilPointer:
                FmtPointer(value, verb);
                return;
            case GoMap map:
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                PrintMap(map, verb, depth);
                return;
            case GoSlice slice:
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                PrintSlice(slice, verb, depth);
                return;
            default:
                FmtPointer(value, verb);
                return;
        }
    }

    private void PrintMap(GoMap map, int verb, int depth)
    {
        if (sharpV)
        {
            Write(map.TypeName);
            if (map.IsNil)
            {
                Write("(nil)");
                return;
            }
            Write('{');
        }
        else
        {
            Write("map[");
        }
        string elementType = GoTypeNames.ElementOf(map.TypeName);
        bool first = true;
        foreach (var (key, element) in map.SortedEntries)
        {
            if (!first)
            {
                if (sharpV)
                {
                    Write(", ");
                }
                else
                {
                    Write(' ');
                }
            }
            first = false;
            PrintValue(key, verb, depth + 1, GoTypeNames.String);
            Write(':');
            PrintValue(element, verb, depth + 1, elementType);
        }
        Write(sharpV ? '}' : ']');
    }

    private void PrintSlice(GoSlice slice, int verb, int depth)
    {
        string elementType = GoTypeNames.ElementOf(slice.TypeName);
        if (sharpV)
        {
            Write(slice.TypeName);
            if (slice.IsNil)
            {
                Write("(nil)");
                return;
            }
            Write('{');
            for (int i = 0; i < slice.Count; i++)
            {
                if (i > 0)
                {
                    Write(", ");
                }
                PrintValue(slice[i], verb, depth + 1, elementType);
            }
            Write('}');
            return;
        }
        Write('[');
        for (int i = 0; i < slice.Count; i++)
        {
            if (i > 0)
            {
                Write(' ');
            }
            PrintValue(slice[i], verb, depth + 1, elementType);
        }
        Write(']');
    }

    private void FmtPointer(object value, int verb)
    {
        // Addresses are not part of this model: only nil pointers print, as Go prints them.
        if (value is not GoNilPointer nil)
        {
            BadVerb(verb, value, isNil: false);
            return;
        }
        switch (verb)
        {
            case 'v':
                if (sharpV)
                {
                    Write('(');
                    Write(nil.TypeName);
                    Write(")(nil)");
                }
                else
                {
                    Pad("<nil>");
                }
                return;
            case 'p':
                Fmt0x64(0, !sharp);
                return;
            case 'b':
            case 'o':
            case 'd':
            case 'x':
            case 'X':
                FmtInteger(0, isSigned: false, verb, value);
                return;
            default:
                BadVerb(verb, value, isNil: false);
                return;
        }
    }

    private void BadVerb(int verb, object? value, bool isNil)
    {
        erroring = true;
        Write("%!");
        WriteRune(verb);
        Write('(');
        if (isNil || value is null)
        {
            Write("<nil>");
        }
        else
        {
            Write(GoTypeNames.Of(value));
            Write('=');
            // Go prints the operand with the flags still set ("%5t" of a string pads it).
            PrintValue(value, 'v', 0, null);
        }
        Write(')');
        erroring = false;
    }

    // ---- basic kinds ----

    private void FmtBool(bool value, int verb, object boxed)
    {
        if (verb is 't' or 'v')
        {
            Pad(value ? "true" : "false");
        }
        else
        {
            BadVerb(verb, boxed, isNil: false);
        }
    }

    private void FmtString(string value, int verb, object boxed)
    {
        switch (verb)
        {
            case 'v':
                if (sharpV)
                {
                    FmtQ(value);
                }
                else
                {
                    FmtS(value);
                }
                return;
            case 's':
                FmtS(value);
                return;
            case 'x':
                FmtSx(value, LowerDigits);
                return;
            case 'X':
                FmtSx(value, UpperDigits);
                return;
            case 'q':
                FmtQ(value);
                return;
            default:
                BadVerb(verb, boxed, isNil: false);
                return;
        }
    }

    private void FmtS(string value)
    {
        Pad(Truncate(value));
    }

    private ReadOnlySpan<char> Truncate(string value)
    {
        if (precPresent)
        {
            int n = prec;
            for (int i = 0; i < value.Length;)
            {
                n--;
                if (n < 0)
                {
                    return value.AsSpan(0, i);
                }
                GoRunes.Decode(value, i, out int width);
                i += width;
            }
        }
        return value;
    }

    private void FmtSx(string value, string digits)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        int length = bytes.Length;
        if (precPresent && prec < length)
        {
            length = prec;
        }
        int width = 2 * length;
        if (width > 0)
        {
            if (space)
            {
                if (sharp)
                {
                    width *= 2;
                }
                width += length - 1;
            }
            else if (sharp)
            {
                width += 2;
            }
        }
        else
        {
            if (widPresent)
            {
                WritePadding(wid);
            }
            return;
        }
        if (widPresent && wid > width && !minus)
        {
            WritePadding(wid - width);
        }
        Check(width);
        if (sharp)
        {
            buf.Append('0').Append(digits[16]);
        }
        for (int i = 0; i < length; i++)
        {
            if (space && i > 0)
            {
                buf.Append(' ');
                if (sharp)
                {
                    buf.Append('0').Append(digits[16]);
                }
            }
            buf.Append(digits[bytes[i] >> 4]).Append(digits[bytes[i] & 0xF]);
        }
        if (widPresent && wid > width && minus)
        {
            WritePadding(wid - width);
        }
    }

    private void FmtQ(string value)
    {
        var text = Truncate(value);
        if (sharp && GoQuote.CanBackquote(text))
        {
            Pad("`" + text.ToString() + "`");
            return;
        }
        var quoted = new StringBuilder(text.Length + 2);
        GoQuote.AppendQuoted(quoted, text, '"', asciiOnly: plus);
        Pad(quoted.ToString());
    }

    private void Fmt0x64(ulong value, bool leading0x)
    {
        bool oldSharp = sharp;
        sharp = leading0x;
        FmtIntegerBase(value, 16, isSigned: false, 'v', LowerDigits);
        sharp = oldSharp;
    }

    private void FmtInteger(ulong value, bool isSigned, int verb, object boxed)
    {
        switch (verb)
        {
            case 'v':
                if (sharpV && !isSigned)
                {
                    Fmt0x64(value, true);
                }
                else
                {
                    FmtIntegerBase(value, 10, isSigned, verb, LowerDigits);
                }
                return;
            case 'd':
                FmtIntegerBase(value, 10, isSigned, verb, LowerDigits);
                return;
            case 'b':
                FmtIntegerBase(value, 2, isSigned, verb, LowerDigits);
                return;
            case 'o':
            case 'O':
                FmtIntegerBase(value, 8, isSigned, verb, LowerDigits);
                return;
            case 'x':
                FmtIntegerBase(value, 16, isSigned, verb, LowerDigits);
                return;
            case 'X':
                FmtIntegerBase(value, 16, isSigned, verb, UpperDigits);
                return;
            case 'c':
                Pad(RuneText(value));
                return;
            case 'q':
            {
                int rune = value > 0x10FFFF ? GoRunes.RuneError : (int)value;
                Pad(GoQuote.QuoteRune(rune, asciiOnly: plus));
                return;
            }
            case 'U':
                FmtUnicode(value);
                return;
            default:
                BadVerb(verb, boxed, isNil: false);
                return;
        }
    }

    private static string RuneText(ulong value)
    {
        int rune = value > 0x10FFFF || !GoRunes.IsValid((int)value) ? GoRunes.RuneError : (int)value;
        return char.ConvertFromUtf32(rune);
    }

    private void FmtUnicode(ulong value)
    {
        var text = new StringBuilder(20);
        int digits = 4;
        if (precPresent && prec > 4)
        {
            digits = prec;
        }
        string hex = value.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        text.Append("U+");
        if (hex.Length < digits)
        {
            Check(digits);
            text.Append('0', digits - hex.Length);
        }
        text.Append(hex);
        if (sharp && value <= 0x10FFFF && GoRunes.IsPrint((int)value))
        {
            text.Append(" '");
            GoRunes.Append(text, (int)value);
            text.Append('\'');
        }
        PadWithoutZeros(text.ToString());
    }

    private void FmtIntegerBase(ulong u, int numberBase, bool isSigned, int verb, string digits)
    {
        bool negative = isSigned && (long)u < 0;
        if (negative)
        {
            u = (ulong)(-(long)u);
        }
        int precision = 0;
        if (precPresent)
        {
            precision = prec;
            if (precision == 0 && u == 0)
            {
                bool oldZero = zero;
                zero = false;
                WritePadding(wid);
                zero = oldZero;
                return;
            }
        }
        else if (zero && !minus && widPresent)
        {
            precision = wid;
            if (negative || plus || space)
            {
                precision--;
            }
        }
        Check(Math.Max(precision, 0) + 70);
        Span<char> scratch = stackalloc char[70];
        var text = new StringBuilder();
        int i = scratch.Length;
        switch (numberBase)
        {
            case 10:
                while (u >= 10)
                {
                    scratch[--i] = (char)('0' + (int)(u % 10));
                    u /= 10;
                }
                break;
            case 16:
                while (u >= 16)
                {
                    scratch[--i] = digits[(int)(u & 0xF)];
                    u >>= 4;
                }
                break;
            case 8:
                while (u >= 8)
                {
                    scratch[--i] = (char)('0' + (int)(u & 7));
                    u >>= 3;
                }
                break;
            case 2:
                while (u >= 2)
                {
                    scratch[--i] = (char)('0' + (int)(u & 1));
                    u >>= 1;
                }
                break;
        }
        scratch[--i] = digits[(int)u];
        int digitCount = scratch.Length - i;
        // Zeros that precision or the 0 flag ask for go before the digits.
        int zeros = Math.Max(precision - digitCount, 0);
        if (sharp)
        {
            switch (numberBase)
            {
                case 2:
                    text.Append("0b");
                    break;
                case 8:
                    if (zeros == 0 && scratch[i] != '0')
                    {
                        text.Append('0');
                    }
                    break;
                case 16:
                    text.Append('0').Append(digits[16]);
                    break;
            }
        }
        if (verb == 'O')
        {
            text.Insert(0, "0o");
        }
        string sign = negative ? "-" : plus ? "+" : space ? " " : "";
        text.Insert(0, sign);
        text.Append('0', zeros);
        text.Append(scratch[i..]);
        PadWithoutZeros(text.ToString());
    }

    private void FmtFloat(double value, int verb, object boxed)
    {
        switch (verb)
        {
            case 'v':
                FormatFloat(value, 'g', -1);
                return;
            case 'b':
            case 'g':
            case 'G':
            case 'x':
            case 'X':
                FormatFloat(value, (char)verb, -1);
                return;
            case 'f':
            case 'e':
            case 'E':
                FormatFloat(value, (char)verb, 6);
                return;
            case 'F':
                FormatFloat(value, 'f', 6);
                return;
            default:
                BadVerb(verb, boxed, isNil: false);
                return;
        }
    }

    private void FormatFloat(double value, char verb, int precision)
    {
        if (precPresent)
        {
            precision = prec;
        }
        if (precision > 1_000_000)
        {
            precision = 1_000_000;
        }
        Check(Math.Max(precision, 0) + 32);
        var num = new StringBuilder(32);
        GoFloat.Append(num, value, verb == 'b' ? 'b' : verb, precision);
        if (num[0] is not ('-' or '+'))
        {
            num.Insert(0, '+');
        }
        if (space && num[0] == '+' && !plus)
        {
            num[0] = ' ';
        }
        if (num[1] is 'I' or 'N')
        {
            bool oldZero = zero;
            zero = false;
            if (num[1] == 'N' && !space && !plus)
            {
                num.Remove(0, 1);
            }
            Pad(num.ToString());
            zero = oldZero;
            return;
        }
        if (sharp && verb != 'b')
        {
            int digits = 0;
            if (verb is 'v' or 'g' or 'G' or 'x')
            {
                digits = precision;
                if (digits == -1)
                {
                    digits = 6;
                }
            }
            string tail = "";
            bool hasDecimalPoint = false, sawNonzeroDigit = false;
            for (int i = 1; i < num.Length; i++)
            {
                char c = num[i];
                if (c == '.')
                {
                    hasDecimalPoint = true;
                    continue;
                }
                if (c is 'p' or 'P' || c is 'e' or 'E' && verb is not ('x' or 'X'))
                {
                    tail = num.ToString(i, num.Length - i);
                    num.Length = i;
                    break;
                }
                if (c != '0')
                {
                    sawNonzeroDigit = true;
                }
                if (sawNonzeroDigit)
                {
                    digits--;
                }
            }
            if (!hasDecimalPoint)
            {
                if (num.Length == 2 && num[1] == '0')
                {
                    digits--;
                }
                num.Append('.');
            }
            if (digits > 0)
            {
                Check(digits);
                num.Append('0', digits);
            }
            num.Append(tail);
        }
        if (plus || num[0] != '+')
        {
            if (zero && !minus && widPresent && wid > num.Length)
            {
                Write(num[0]);
                WritePadding(wid - num.Length);
                Write(num.ToString(1, num.Length - 1));
                return;
            }
            Pad(num.ToString());
            return;
        }
        Pad(num.ToString(1, num.Length - 1));
    }
}
