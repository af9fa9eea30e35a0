using System.Text;

namespace Injector.Kube.Yaml;

/// <summary>
/// Writes one scalar in a chosen style at an indentation, as libyaml's emitter does: plain and quoted scalars fold
/// at a single space once past column 80 (not in keys), single quotes double a quote and write a line break as two,
/// double quotes escape what is not printable, literal blocks carry an indentation hint when the text starts with a
/// space or break and a chomping hint from how it ends.
/// </summary>
internal readonly struct YamlScalarWriter
{
    private const int BestWidth = 80;

    private readonly GoYamlEmitter _e;
    private readonly int _indent;

    public YamlScalarWriter(GoYamlEmitter emitter, int indent)
    {
        _e = emitter;
        _indent = indent;
    }

    public void Plain(Rune[] value, bool allowBreaks)
    {
        if (!_e.Whitespace) _e.Put(' ');
        var spaces = false;
        var breaks = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c.Value == ' ')
            {
                if (allowBreaks && !spaces && _e.Column > BestWidth && !IsSpace(value, i + 1)) _e.WriteIndent(_indent);
                else _e.Put(c);
                spaces = true;
            }
            else if (YamlScalarAnalysis.IsBreak(c.Value))
            {
                if (!breaks && c.Value == '\n') _e.PutBreak();
                _e.WriteBreak(c);
                _e.Indention = true;
                breaks = true;
            }
            else
            {
                if (breaks) _e.WriteIndent(_indent);
                _e.Put(c);
                _e.Indention = false;
                spaces = false;
                breaks = false;
            }
        }
        _e.Whitespace = false;
        _e.Indention = false;
    }

    public void SingleQuoted(Rune[] value, bool allowBreaks)
    {
        _e.WriteIndicator("'", needWhitespace: true, isWhitespace: false, isIndention: false);
        var spaces = false;
        var breaks = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c.Value == ' ')
            {
                if (allowBreaks && !spaces && _e.Column > BestWidth && i > 0 && i < value.Length - 1 && !IsSpace(value, i + 1))
                {
                    _e.WriteIndent(_indent);
                }
                else
                {
                    _e.Put(c);
                }
                spaces = true;
            }
            else if (YamlScalarAnalysis.IsBreak(c.Value))
            {
                if (!breaks && c.Value == '\n') _e.PutBreak();
                _e.WriteBreak(c);
                _e.Indention = true;
                breaks = true;
            }
            else
            {
                if (breaks) _e.WriteIndent(_indent);
                if (c.Value == '\'') _e.Put('\'');
                _e.Put(c);
                _e.Indention = false;
                spaces = false;
                breaks = false;
            }
        }
        _e.WriteIndicator("'", needWhitespace: false, isWhitespace: false, isIndention: false);
        _e.Whitespace = false;
        _e.Indention = false;
    }

    public void DoubleQuoted(Rune[] value, bool allowBreaks)
    {
        _e.WriteIndicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false);
        var spaces = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var v = c.Value;
            if (!YamlScalarAnalysis.IsPrintable(v) || YamlScalarAnalysis.IsBreak(v) || v is '"' or '\\')
            {
                Escape(v);
                spaces = false;
            }
            else if (v == ' ')
            {
                if (allowBreaks && !spaces && _e.Column > BestWidth && i > 0 && i < value.Length - 1)
                {
                    _e.WriteIndent(_indent);
                    if (IsSpace(value, i + 1)) _e.Put('\\');
                }
                else
                {
                    _e.Put(c);
                }
                spaces = true;
            }
            else
            {
                _e.Put(c);
                spaces = false;
            }
        }
        _e.WriteIndicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false);
        _e.Whitespace = false;
        _e.Indention = false;
    }

    private void Escape(int v)
    {
        _e.Put('\\');
        char? named = v switch
        {
            0x00 => '0', 0x07 => 'a', 0x08 => 'b', 0x09 => 't', 0x0A => 'n', 0x0B => 'v', 0x0C => 'f', 0x0D => 'r',
            0x1B => 'e', '"' => '"', '\\' => '\\', 0x85 => 'N', 0xA0 => '_', 0x2028 => 'L', 0x2029 => 'P',
            _ => null,
        };
        if (named is { } n)
        {
            _e.Put(n);
            return;
        }
        var (letter, digits) = v <= 0xFF ? ('x', 2) : v <= 0xFFFF ? ('u', 4) : ('U', 8);
        _e.Put(letter);
        for (var shift = (digits - 1) * 4; shift >= 0; shift -= 4) _e.Put("0123456789ABCDEF"[(v >> shift) & 0xF]);
    }

    public void Literal(Rune[] value)
    {
        _e.WriteIndicator("|", needWhitespace: true, isWhitespace: false, isIndention: false);
        if (value.Length > 0 && (value[0].Value == ' ' || YamlScalarAnalysis.IsBreak(value[0].Value)))
        {
            _e.WriteIndicator("2", needWhitespace: false, isWhitespace: false, isIndention: false);
        }
        var chomp = ChompHint(value);
        if (chomp is not null) _e.WriteIndicator(chomp, needWhitespace: false, isWhitespace: false, isIndention: false);
        _e.PutBreak();
        _e.Indention = true;
        _e.Whitespace = true;
        var breaks = true;
        foreach (var c in value)
        {
            if (YamlScalarAnalysis.IsBreak(c.Value))
            {
                _e.WriteBreak(c);
                _e.Indention = true;
                breaks = true;
            }
            else
            {
                if (breaks) _e.WriteIndent(_indent);
                _e.Put(c);
                _e.Indention = false;
                breaks = false;
            }
        }
    }

    /// <summary><c>-</c> without a final break, <c>+</c> with two (or only one break), none (clip) with one.</summary>
    private static string? ChompHint(Rune[] value)
    {
        if (value.Length == 0 || !YamlScalarAnalysis.IsBreak(value[^1].Value)) return "-";
        if (value.Length == 1 || YamlScalarAnalysis.IsBreak(value[^2].Value)) return "+";
        return null;
    }

    private static bool IsSpace(Rune[] value, int i) => i < value.Length && value[i].Value == ' ';
}
