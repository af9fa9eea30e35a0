using System.Text;
using Injector.Templates.Formatting;

namespace Injector.Templates.Parsing;

/// <summary>The lexer's item kinds, in Go's order: everything after <see cref="Keyword"/> is a keyword.</summary>
internal enum TokenKind
{
    Error,
    Bool,
    Char,
    CharConstant,
    Comment,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    Keyword,
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

internal readonly record struct Token(TokenKind Kind, int Position, string Value, int Line)
{
    /// <summary>How Go names the token in "unexpected X in Y".</summary>
    public override string ToString()
    {
        switch (Kind)
        {
            case TokenKind.Eof:
                return "EOF";
            case TokenKind.Error:
                return Value;
            case > TokenKind.Keyword:
                return "<" + Value + ">";
        }
        if (GoRunes.Utf8Length(Value) > 10)
        {
            // %.10q: the first ten runes, quoted, then an ellipsis.
            int end = 0;
            for (int runes = 0; runes < 10 && end < Value.Length; runes++)
            {
                GoRunes.Decode(Value, end, out int width);
                end += width;
            }
            var builder = new StringBuilder();
            GoQuote.AppendQuoted(builder, Value.AsSpan(0, end), '"', asciiOnly: false);
            return builder.Append("...").ToString();
        }
        return GoQuote.Quote(Value);
    }
}
