using System.Globalization;
using Injector.Templates.Formatting;

namespace Injector.Templates.Parsing;

/// <summary>
/// Splits template text into tokens the way Go 1.24's <c>text/template/parse</c> lexer does (default delimiters
/// <c>{{ }}</c>, trim markers <c>{{- </c> and <c> -}}</c>, comments, Go literals), one token per
/// <see cref="NextToken"/> call, with the same line numbers and error texts. Linear in the input.
/// </summary>
internal sealed class Lexer(string input)
{
    private const string LeftDelim = "{{";
    private const string RightDelim = "}}";
    private const string LeftComment = "/*";
    private const string RightComment = "*/";
    private const int Eof = -1;

    private string input = input;
    private int pos;
    private int start;
    private bool atEof;
    private int parenDepth;
    private int line = 1;
    private int startLine = 1;
    private bool insideAction;
    private Token item;

    private enum State
    {
        Done,
        Text,
        LeftDelim,
        Comment,
        RightDelim,
        InsideAction,
        Space,
        Identifier,
        Field,
        Variable,
        Char,
        Number,
        Quote,
        RawQuote,
    }

    public Token NextToken()
    {
        item = new Token(TokenKind.Eof, pos, "EOF", startLine);
        var state = insideAction ? State.InsideAction : State.Text;
        while (state != State.Done)
        {
            state = state switch
            {
                State.Text => LexText(),
                State.LeftDelim => LexLeftDelim(),
                State.Comment => LexComment(),
                State.RightDelim => LexRightDelim(),
                State.InsideAction => LexInsideAction(),
                State.Space => LexSpace(),
                State.Identifier => LexIdentifier(),
                State.Field => LexFieldOrVariable(TokenKind.Field),
                State.Variable => LexVariable(),
                State.Char => LexChar(),
                State.Number => LexNumber(),
                State.Quote => LexQuote(),
                State.RawQuote => LexRawQuote(),
                _ => State.Done,
            };
        }
        return item;
    }

    // ---- reading runes ----

    private int Next()
    {
        if (pos >= input.Length)
        {
            atEof = true;
            return Eof;
        }
        int rune = GoRunes.Decode(input, pos, out int width);
        pos += width;
        if (rune == '\n')
        {
            line++;
        }
        return rune;
    }

    private int Peek()
    {
        int rune = Next();
        Backup();
        return rune;
    }

    private void Backup()
    {
        if (!atEof && pos > 0)
        {
            int rune = GoRunes.DecodeLast(input, pos, out int width);
            pos -= width;
            if (rune == '\n')
            {
                line--;
            }
        }
    }

    private Token ThisItem(TokenKind kind)
    {
        var token = new Token(kind, start, input[start..pos], startLine);
        start = pos;
        startLine = line;
        return token;
    }

    private State Emit(TokenKind kind) => EmitItem(ThisItem(kind));

    private State EmitItem(Token token)
    {
        item = token;
        return State.Done;
    }

    private void Ignore()
    {
        line += CountNewlines(start, pos);
        start = pos;
        startLine = line;
    }

    private bool Accept(string valid)
    {
        int rune = Next();
        if (rune >= 0 && valid.Contains((char)rune, StringComparison.Ordinal) && rune < 0x10000)
        {
            return true;
        }
        Backup();
        return false;
    }

    private void AcceptRun(string valid)
    {
        while (true)
        {
            int rune = Next();
            if (rune < 0 || rune >= 0x10000 || !valid.Contains((char)rune, StringComparison.Ordinal))
            {
                break;
            }
        }
        Backup();
    }

    private State Errorf(string message)
    {
        item = new Token(TokenKind.Error, start, message, startLine);
        // Like Go, stop here: every later call yields EOF.
        start = 0;
        pos = 0;
        input = "";
        return State.Done;
    }

    private int CountNewlines(int from, int to)
    {
        int count = 0;
        for (int i = from; i < to; i++)
        {
            if (input[i] == '\n')
            {
                count++;
            }
        }
        return count;
    }

    private static bool IsSpace(int rune) => rune is ' ' or '\t' or '\r' or '\n';

    private static bool IsAlphaNumeric(int rune) => rune == '_' || GoRunes.IsLetter(rune) || GoRunes.IsDigit(rune);

    private bool HasLeftTrimMarker(int at) => at + 1 < input.Length && input[at] == '-' && IsSpace(input[at + 1]);

    private bool HasRightTrimMarker(int at) => at + 1 < input.Length && IsSpace(input[at]) && input[at + 1] == '-';

    private bool StartsWith(int at, string text) => at <= input.Length && input.AsSpan(at).StartsWith(text, StringComparison.Ordinal);

    private (bool Delim, bool TrimSpaces) AtRightDelim()
    {
        if (HasRightTrimMarker(pos) && StartsWith(pos + 2, RightDelim))
        {
            return (true, true);
        }
        return (StartsWith(pos, RightDelim), false);
    }

    private int RightTrimLength(int from, int to)
    {
        int end = to;
        while (end > from && IsSpace(input[end - 1]))
        {
            end--;
        }
        return to - end;
    }

    private int LeftTrimLength(int from)
    {
        int i = from;
        while (i < input.Length && IsSpace(input[i]))
        {
            i++;
        }
        return i - from;
    }

    // ---- states ----

    private State LexText()
    {
        int x = input.IndexOf(LeftDelim, pos, StringComparison.Ordinal);
        if (x >= 0)
        {
            if (x > pos)
            {
                pos = x;
                int trimLength = 0;
                if (HasLeftTrimMarker(pos + LeftDelim.Length))
                {
                    trimLength = RightTrimLength(start, pos);
                }
                pos -= trimLength;
                line += CountNewlines(start, pos);
                var text = ThisItem(TokenKind.Text);
                pos += trimLength;
                Ignore();
                if (text.Value.Length > 0)
                {
                    return EmitItem(text);
                }
            }
            return State.LeftDelim;
        }
        pos = input.Length;
        if (pos > start)
        {
            line += CountNewlines(start, pos);
            return Emit(TokenKind.Text);
        }
        return Emit(TokenKind.Eof);
    }

    private State LexLeftDelim()
    {
        pos += LeftDelim.Length;
        bool trimSpace = HasLeftTrimMarker(pos);
        int afterMarker = trimSpace ? 2 : 0;
        if (StartsWith(pos + afterMarker, LeftComment))
        {
            pos += afterMarker;
            Ignore();
            return State.Comment;
        }
        var delim = ThisItem(TokenKind.LeftDelim);
        insideAction = true;
        pos += afterMarker;
        Ignore();
        parenDepth = 0;
        return EmitItem(delim);
    }

    private State LexComment()
    {
        pos += LeftComment.Length;
        int x = input.IndexOf(RightComment, pos, StringComparison.Ordinal);
        if (x < 0)
        {
            return Errorf("unclosed comment");
        }
        pos = x + RightComment.Length;
        var (delim, trimSpace) = AtRightDelim();
        if (!delim)
        {
            return Errorf("comment ends before closing delimiter");
        }
        line += CountNewlines(start, pos);
        ThisItem(TokenKind.Comment);
        if (trimSpace)
        {
            pos += 2;
        }
        pos += RightDelim.Length;
        if (trimSpace)
        {
            pos += LeftTrimLength(pos);
        }
        Ignore();
        // Comments are not kept in the tree.
        return State.Text;
    }

    private State LexRightDelim()
    {
        var (_, trimSpace) = AtRightDelim();
        if (trimSpace)
        {
            pos += 2;
            Ignore();
        }
        pos += RightDelim.Length;
        var delim = ThisItem(TokenKind.RightDelim);
        if (trimSpace)
        {
            pos += LeftTrimLength(pos);
            Ignore();
        }
        insideAction = false;
        return EmitItem(delim);
    }

    private State LexInsideAction()
    {
        var (delim, _) = AtRightDelim();
        if (delim)
        {
            return parenDepth == 0 ? State.RightDelim : Errorf("unclosed left paren");
        }
        int r = Next();
        switch (r)
        {
            case Eof:
                return Errorf("unclosed action");
            case ' ' or '\t' or '\r' or '\n':
                Backup();
                return State.Space;
            case '=':
                return Emit(TokenKind.Assign);
            case ':':
                if (Next() != '=')
                {
                    return Errorf("expected :=");
                }
                return Emit(TokenKind.Declare);
            case '|':
                return Emit(TokenKind.Pipe);
            case '"':
                return State.Quote;
            case '`':
                return State.RawQuote;
            case '$':
                return State.Variable;
            case '\'':
                return State.Char;
            case '.':
                if (pos < input.Length && input[pos] is < '0' or > '9')
                {
                    return State.Field;
                }
                Backup();
                return State.Number;
            case '+' or '-' or (>= '0' and <= '9'):
                Backup();
                return State.Number;
            case '(':
                parenDepth++;
                return Emit(TokenKind.LeftParen);
            case ')':
                parenDepth--;
                if (parenDepth < 0)
                {
                    return Errorf("unexpected right paren");
                }
                return Emit(TokenKind.RightParen);
        }
        if (IsAlphaNumeric(r))
        {
            Backup();
            return State.Identifier;
        }
        if (r <= 0x7F && GoRunes.IsPrint(r))
        {
            return Emit(TokenKind.Char);
        }
        return Errorf("unrecognized character in action: " + FormatRune(r));
    }

    private State LexSpace()
    {
        int spaces = 0;
        while (IsSpace(Peek()))
        {
            Next();
            spaces++;
        }
        // A space may start " -}}": leave it to the delimiter.
        if (HasRightTrimMarker(pos - 1) && StartsWith(pos - 1 + 2, RightDelim))
        {
            Backup();
            if (spaces == 1)
            {
                return State.RightDelim;
            }
        }
        return Emit(TokenKind.Space);
    }

    private State LexIdentifier()
    {
        while (true)
        {
            int r = Next();
            if (IsAlphaNumeric(r))
            {
                continue;
            }
            Backup();
            string word = input[start..pos];
            if (!AtTerminator())
            {
                return Errorf("bad character " + FormatRune(r));
            }
            var keyword = KeywordKind(word);
            if (keyword != TokenKind.Error)
            {
                return Emit(keyword);
            }
            if (word.Length > 0 && word[0] == '.')
            {
                return Emit(TokenKind.Field);
            }
            return Emit(word is "true" or "false" ? TokenKind.Bool : TokenKind.Identifier);
        }
    }

    private static TokenKind KeywordKind(string word) => word switch
    {
        "." => TokenKind.Dot,
        "block" => TokenKind.Block,
        "break" => TokenKind.Break,
        "continue" => TokenKind.Continue,
        "define" => TokenKind.Define,
        "else" => TokenKind.Else,
        "end" => TokenKind.End,
        "if" => TokenKind.If,
        "range" => TokenKind.Range,
        "nil" => TokenKind.Nil,
        "template" => TokenKind.Template,
        "with" => TokenKind.With,
        _ => TokenKind.Error,
    };

    private State LexVariable()
    {
        if (AtTerminator())
        {
            return Emit(TokenKind.Variable);
        }
        return LexFieldOrVariable(TokenKind.Variable);
    }

    private State LexFieldOrVariable(TokenKind kind)
    {
        if (AtTerminator())
        {
            return Emit(kind == TokenKind.Variable ? TokenKind.Variable : TokenKind.Dot);
        }
        int r;
        while (true)
        {
            r = Next();
            if (!IsAlphaNumeric(r))
            {
                Backup();
                break;
            }
        }
        if (!AtTerminator())
        {
            return Errorf("bad character " + FormatRune(r));
        }
        return Emit(kind);
    }

    private bool AtTerminator()
    {
        int r = Peek();
        if (IsSpace(r))
        {
            return true;
        }
        switch (r)
        {
            case Eof:
            case '.':
            case ',':
            case '|':
            case ':':
            case ')':
            case '(':
                return true;
        }
        return StartsWith(pos, RightDelim);
    }

    // Go's lexChar and lexQuote: the same scan up to the closing character, a backslash escaping the next one.
    private State LexChar() => LexQuoted('\'', TokenKind.CharConstant, "unterminated character constant");

    private State LexQuote() => LexQuoted('"', TokenKind.String, "unterminated quoted string");

    private State LexQuoted(char close, TokenKind kind, string unterminated)
    {
        while (true)
        {
            int r = Next();
            if (r == '\\')
            {
                int escaped = Next();
                if (escaped != Eof && escaped != '\n')
                {
                    continue;
                }
                return Errorf(unterminated);
            }
            if (r is Eof or '\n')
            {
                return Errorf(unterminated);
            }
            if (r == close)
            {
                return Emit(kind);
            }
        }
    }

    private State LexNumber()
    {
        if (!ScanNumber())
        {
            return Errorf("bad number syntax: " + GoQuote.Quote(input[start..pos]));
        }
        int sign = Peek();
        if (sign is '+' or '-')
        {
            // A complex constant: 1+2i.
            if (!ScanNumber() || input[pos - 1] != 'i')
            {
                return Errorf("bad number syntax: " + GoQuote.Quote(input[start..pos]));
            }
            return Emit(TokenKind.Complex);
        }
        return Emit(TokenKind.Number);
    }

    private bool ScanNumber()
    {
        Accept("+-");
        string digits = "0123456789_";
        if (Accept("0"))
        {
            if (Accept("xX"))
            {
                digits = "0123456789abcdefABCDEF_";
            }
            else if (Accept("oO"))
            {
                digits = "01234567_";
            }
            else if (Accept("bB"))
            {
                digits = "01_";
            }
        }
        AcceptRun(digits);
        if (Accept("."))
        {
            AcceptRun(digits);
        }
        if (digits.Length == 10 + 1 && Accept("eE"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }
        if (digits.Length == 16 + 6 + 1 && Accept("pP"))
        {
            Accept("+-");
            AcceptRun("0123456789_");
        }
        Accept("i");
        if (IsAlphaNumeric(Peek()))
        {
            Next();
            return false;
        }
        return true;
    }

    private State LexRawQuote()
    {
        while (true)
        {
            int r = Next();
            if (r == Eof)
            {
                return Errorf("unterminated raw quoted string");
            }
            if (r == '`')
            {
                return Emit(TokenKind.RawString);
            }
        }
    }

    /// <summary>Go's <c>%#U</c>: <c>U+0023 '#'</c>, without the quoted character when it is not printable.</summary>
    internal static string FormatRune(int rune)
    {
        if (rune < 0)
        {
            return "U+FFFFFFFFFFFFFFFF";
        }
        string code = "U+" + rune.ToString("X4", CultureInfo.InvariantCulture);
        if (GoRunes.IsPrint(rune))
        {
            return code + " '" + char.ConvertFromUtf32(rune) + "'";
        }
        return code;
    }
}
