using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Injector.Templates.Execution;
using Injector.Templates.Formatting;
using Injector.Templates.Values;

namespace Injector.Templates.Json;

/// <summary>
/// Go's <c>encoding/json</c> <c>Marshal</c> (and <c>MarshalIndent</c>, and an <c>Encoder</c> without HTML escaping)
/// of values in the model: map keys sorted, <c>&lt; &gt; &amp;</c> escaped as <c>\u003c</c>..., float64 as Go writes
/// it (<c>1e+21</c>, <c>1e-7</c>), nil maps and slices as <c>null</c>, structs through <see cref="GoStruct.WriteJson"/>
/// re-encoded with Go's escaping. Every element counts a step; the text counts against the work budget.
/// </summary>
internal sealed class GoJsonWriter
{
    private readonly StringBuilder output;
    private readonly bool escapeHtml;
    private readonly string? indent;
    private readonly TemplateExecution? execution;
    private readonly int maxDepth;

    private GoJsonWriter(StringBuilder output, bool escapeHtml, string? indent, TemplateExecution? execution)
    {
        this.output = output;
        this.escapeHtml = escapeHtml;
        this.indent = indent;
        this.execution = execution;
        maxDepth = execution?.Limits.MaxValueDepth ?? GoJson.MaxDepth;
    }

    /// <summary>Marshals <paramref name="value"/>; throws <see cref="GoCallException"/> with Go's error text
    /// (<c>json: unsupported value: NaN</c>).</summary>
    public static string Marshal(object? value, TemplateExecution? execution, bool escapeHtml = true, string? indent = null)
    {
        var output = new StringBuilder();
        new GoJsonWriter(output, escapeHtml, indent, execution).WriteValue(value, 0);
        execution?.ChargeWork(output.Length);
        return output.ToString();
    }

    private void Check()
    {
        if (execution is not null)
        {
            execution.Step();
            if (output.Length > execution.RemainingWork)
            {
                execution.ChargeWork(output.Length);
            }
        }
    }

    private void WriteValue(object? value, int depth)
    {
        if (depth > maxDepth)
        {
            throw new TemplateLimitException("value nested deeper than " + maxDepth + " levels");
        }
        Check();
        switch (value)
        {
            case null:
                output.Append("null");
                return;
            case bool b:
                output.Append(b ? "true" : "false");
                return;
            case long l:
                output.Append(l.ToString(CultureInfo.InvariantCulture));
                return;
            case double d:
                WriteFloat(d);
                return;
            case string s:
                WriteString(s);
                return;
            case GoEnum e:
                output.Append(e.Number.ToString(CultureInfo.InvariantCulture));
                return;
            case GoNilPointer:
                output.Append("null");
                return;
            case GoMap map:
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                WriteMap(map, depth);
                return;
            case GoSlice slice:
                System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
                WriteSlice(slice, depth);
                return;
            case GoStruct structure:
                WriteStruct(structure, depth);
                return;
            default:
                throw new GoCallException("json: unsupported type: " + GoTypeNames.Of(value));
        }
    }

    private void WriteMap(GoMap map, int depth)
    {
        if (map.IsNil)
        {
            output.Append("null");
            return;
        }
        if (map.Count == 0)
        {
            output.Append("{}");
            return;
        }
        output.Append('{');
        bool first = true;
        foreach (var (key, element) in map.SortedEntries)
        {
            if (!first)
            {
                output.Append(',');
            }
            first = false;
            NewLine(depth + 1);
            WriteString(key);
            output.Append(indent is null ? ":" : ": ");
            WriteValue(element, depth + 1);
        }
        NewLine(depth);
        output.Append('}');
    }

    private void WriteSlice(GoSlice slice, int depth)
    {
        if (slice.IsNil)
        {
            output.Append("null");
            return;
        }
        if (slice.Count == 0)
        {
            output.Append("[]");
            return;
        }
        output.Append('[');
        for (int i = 0; i < slice.Count; i++)
        {
            if (i > 0)
            {
                output.Append(',');
            }
            NewLine(depth + 1);
            WriteValue(slice[i], depth + 1);
        }
        NewLine(depth);
        output.Append(']');
    }

    private void NewLine(int depth)
    {
        if (indent is null)
        {
            return;
        }
        output.Append('\n');
        for (int i = 0; i < depth; i++)
        {
            output.Append(indent);
        }
    }

    /// <summary>The struct writes itself with System.Text.Json; its tokens are written again the Go way.</summary>
    private void WriteStruct(GoStruct structure, int depth)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = false,
        }))
        {
            structure.WriteJson(writer);
        }
        var reader = new Utf8JsonReader(buffer.WrittenSpan, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        Reencode(ref reader, depth);
    }

    private void Reencode(ref Utf8JsonReader reader, int baseDepth)
    {
        // Per open container: whether it has an element yet (for commas, new lines and empty {} / []).
        var hasElements = new Stack<bool>();
        bool afterPropertyName = false;
        while (reader.Read())
        {
            Check();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    BeforeValue(hasElements, baseDepth, ref afterPropertyName);
                    output.Append(reader.TokenType == JsonTokenType.StartObject ? '{' : '[');
                    hasElements.Push(false);
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    if (hasElements.Pop())
                    {
                        NewLine(baseDepth + hasElements.Count);
                    }
                    output.Append(reader.TokenType == JsonTokenType.EndObject ? '}' : ']');
                    break;
                case JsonTokenType.PropertyName:
                    BeforeValue(hasElements, baseDepth, ref afterPropertyName);
                    WriteString(reader.GetString()!);
                    output.Append(indent is null ? ":" : ": ");
                    afterPropertyName = true;
                    break;
                case JsonTokenType.String:
                    BeforeValue(hasElements, baseDepth, ref afterPropertyName);
                    WriteString(reader.GetString()!);
                    break;
                case JsonTokenType.Number:
                    BeforeValue(hasElements, baseDepth, ref afterPropertyName);
                    WriteNumberToken(Encoding.UTF8.GetString(reader.ValueSpan));
                    break;
                case JsonTokenType.True:
                case JsonTokenType.False:
                case JsonTokenType.Null:
                    BeforeValue(hasElements, baseDepth, ref afterPropertyName);
                    output.Append(reader.TokenType switch
                    {
                        JsonTokenType.True => "true",
                        JsonTokenType.False => "false",
                        _ => "null",
                    });
                    break;
            }
        }
    }

    /// <summary>Before a value or a property name: a comma and a new line, unless it is a property's value.</summary>
    private void BeforeValue(Stack<bool> hasElements, int baseDepth, ref bool afterPropertyName)
    {
        if (afterPropertyName)
        {
            afterPropertyName = false;
            return;
        }
        if (hasElements.Count == 0)
        {
            return;
        }
        if (hasElements.Pop())
        {
            output.Append(',');
        }
        hasElements.Push(true);
        NewLine(baseDepth + hasElements.Count);
    }

    private void WriteNumberToken(string text)
    {
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            output.Append(text);
            return;
        }
        WriteFloat(double.Parse(text, CultureInfo.InvariantCulture));
    }

    /// <summary>encoding/json's float64: shortest digits, exponent form below 1e-6 and from 1e21, <c>e-07</c> → <c>e-7</c>.</summary>
    private void WriteFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new GoCallException("json: unsupported value: " + GoFloat.Format(value, 'g', -1));
        }
        double abs = Math.Abs(value);
        char format = abs != 0 && (abs < 1e-6 || abs >= 1e21) ? 'e' : 'f';
        string text = GoFloat.Format(value, format, -1);
        if (format == 'e')
        {
            int n = text.Length;
            if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0')
            {
                text = text[..(n - 2)] + text[n - 1];
            }
        }
        output.Append(text);
    }

    private void WriteString(string text)
    {
        output.Append('"');
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                '\u2028' => "\\u2028",
                '\u2029' => "\\u2029",
                '<' or '>' or '&' when escapeHtml => c == '<' ? "\\u003c" : c == '>' ? "\\u003e" : "\\u0026",
                < ' ' => "\\u00" + "0123456789abcdef"[c >> 4] + "0123456789abcdef"[c & 0xF],
                _ => null,
            };
            if (escape is null && char.IsSurrogate(c))
            {
                // A lone surrogate is not text Go could hold; it writes the replacement character.
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                escape = "\\ufffd";
            }
            if (escape is null)
            {
                continue;
            }
            output.Append(text, start, i - start).Append(escape);
            start = i + 1;
        }
        output.Append(text, start, text.Length - start).Append('"');
    }
}
