using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Kube.Json;

/// <summary>
/// JSON bytes exactly as Go's <c>encoding/json</c> <c>Marshal</c> writes them (Go 1.22 and later): compact; strings
/// with <c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>, other control characters as <c>\u00XX</c>, the HTML characters
/// <c>&lt; &gt; &amp;</c> and U+2028/U+2029 as <c>\uXXXX</c>, everything else as raw UTF-8 (a lone surrogate becomes
/// <c>\ufffd</c>); floats in Go's shortest form (<see cref="GoFloatText.Json"/>). A tree is written in its own member order (a normalized pod's
/// order is Go's).
/// </summary>
internal static class GoJson
{
    private static readonly byte[] Hex = "0123456789abcdef"u8.ToArray();

    /// <summary>The tree as Go would write the same values.</summary>
    public static byte[] Serialize(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, node);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the tree through <paramref name="writer"/> as one raw value (Go's bytes, not the writer's
    /// escaping).</summary>
    public static void WriteTo(Utf8JsonWriter writer, JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, node);
        writer.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
    }

    public static void Write(IBufferWriter<byte> output, JsonNode? node)
    {
        switch (node)
        {
            case null:
                Append(output, "null"u8);
                break;
            case JsonObject obj:
                Append(output, "{"u8);
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first) Append(output, ","u8);
                    first = false;
                    WriteString(output, key);
                    Append(output, ":"u8);
                    Write(output, value);
                }
                Append(output, "}"u8);
                break;
            case JsonArray array:
                Append(output, "["u8);
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) Append(output, ","u8);
                    Write(output, array[i]);
                }
                Append(output, "]"u8);
                break;
            case JsonValue value:
                WriteValue(output, value);
                break;
        }
    }

    private static void WriteValue(IBufferWriter<byte> output, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(output, value.GetValue<string>());
                return;
            case JsonValueKind.True:
                Append(output, "true"u8);
                return;
            case JsonValueKind.False:
                Append(output, "false"u8);
                return;
            case JsonValueKind.Null:
                Append(output, "null"u8);
                return;
        }
        // A number: integers as written, anything else through float64 as Go reads it into an interface.
        var text = JsonNumbers.Text(value);
        if (IsIntegerText(text)) AppendAscii(output, text);
        else AppendAscii(output, GoFloatText.Json(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)));
    }

    private static bool IsIntegerText(string text)
    {
        var start = text.StartsWith('-') ? 1 : 0;
        if (start >= text.Length) return false;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] is < '0' or > '9') return false;
        }
        return true;
    }

    /// <summary>A JSON string literal, escaped as Go escapes it.</summary>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        Append(output, "\""u8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                switch (c)
                {
                    case '"': Append(output, "\\\""u8); break;
                    case '\\': Append(output, "\\\\"u8); break;
                    case '\b': Append(output, "\\b"u8); break;
                    case '\f': Append(output, "\\f"u8); break;
                    case '\n': Append(output, "\\n"u8); break;
                    case '\r': Append(output, "\\r"u8); break;
                    case '\t': Append(output, "\\t"u8); break;
                    case '<' or '>' or '&':
                        AppendUnicodeEscape(output, c);
                        break;
                    default:
                        if (c < 0x20)
                        {
                            AppendUnicodeEscape(output, c);
                        }
                        else
                        {
                            var span = output.GetSpan(1);
                            span[0] = (byte)c;
                            output.Advance(1);
                        }
                        break;
                }
                continue;
            }
            if (c is '\u2028' or '\u2029')
            {
                AppendUnicodeEscape(output, c);
                continue;
            }
            int rune;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                rune = char.ConvertToUtf32(c, text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                Append(output, "\\ufffd"u8); // invalid UTF-16, as Go writes invalid UTF-8
                continue;
            }
            else
            {
                rune = c;
            }
            var n = new Rune(rune).EncodeToUtf8(utf8);
            Append(output, utf8[..n]);
        }
        Append(output, "\""u8);
    }

    private static void AppendUnicodeEscape(IBufferWriter<byte> output, char c)
    {
        var span = output.GetSpan(6);
        span[0] = (byte)'\\';
        span[1] = (byte)'u';
        span[2] = Hex[(c >> 12) & 0xF];
        span[3] = Hex[(c >> 8) & 0xF];
        span[4] = Hex[(c >> 4) & 0xF];
        span[5] = Hex[c & 0xF];
        output.Advance(6);
    }

    private static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);

    private static void AppendAscii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++) span[i] = (byte)text[i];
        output.Advance(text.Length);
    }
}
