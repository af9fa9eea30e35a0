using System.Globalization;
using System.Text;
using Injector.Templates.Formatting;
using Injector.Templates.Json;
using Injector.Templates.Values;

namespace Injector.Templates.Functions.Istio;

/// <summary>
/// The default JSON → YAML step of <c>toYaml</c> when the function table is built without
/// <see cref="FunctionTableOptions.JsonToYaml"/>: block style, two-space indentation, sorted keys, sequences at the
/// key's indentation (as go-yaml v2 writes them), strings quoted when a YAML reader could take them for something
/// else. It is a stand-in: the injector passes go-yaml's exact emitter.
/// </summary>
internal static class SimpleYaml
{
    public static string FromJson(string json)
    {
        if (!GoJsonParser.TryParse(json, GoJson.MaxDepth, out var value, out var error))
        {
            throw new FormatException(error);
        }
        var output = new StringBuilder();
        switch (value)
        {
            case GoMap { Count: > 0 } or GoSlice { Count: > 0 }:
                WriteBlock(output, value, 0);
                break;
            default:
                output.Append(Scalar(value)).Append('\n');
                break;
        }
        return output.ToString();
    }

    private static void WriteBlock(StringBuilder output, object? value, int indent)
    {
        if (value is GoMap map)
        {
            foreach (var (key, element) in map.SortedEntries)
            {
                output.Append(' ', indent).Append(Scalar(key)).Append(':');
                WriteChild(output, element, indent, inSequence: false);
            }
        }
        else if (value is GoSlice slice)
        {
            for (int i = 0; i < slice.Count; i++)
            {
                output.Append(' ', indent).Append('-');
                var element = slice[i];
                if (element is GoMap { Count: > 0 } nested)
                {
                    // The first key goes on the dash's line.
                    var inner = new StringBuilder();
                    WriteBlock(inner, nested, indent + 2);
                    output.Append(' ').Append(inner.ToString(indent + 2, inner.Length - indent - 2));
                }
                else
                {
                    WriteChild(output, element, indent, inSequence: true);
                }
            }
        }
    }

    private static void WriteChild(StringBuilder output, object? element, int indent, bool inSequence)
    {
        switch (element)
        {
            case GoMap { Count: > 0 }:
                output.Append('\n');
                WriteBlock(output, element, indent + 2);
                break;
            case GoSlice { Count: > 0 }:
                output.Append('\n');
                WriteBlock(output, element, inSequence ? indent + 2 : indent);
                break;
            default:
                output.Append(' ').Append(Scalar(element)).Append('\n');
                break;
        }
    }

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d when Math.Floor(d) == d && Math.Abs(d) < 1e21 => d.ToString("0", CultureInfo.InvariantCulture),
        double d => GoFloat.Format(d, 'g', -1),
        GoMap => "{}",
        GoSlice => "[]",
        string s => QuoteIfNeeded(s),
        _ => value.ToString() ?? "",
    };

    private static string QuoteIfNeeded(string text)
    {
        if (text.Length == 0 || LooksLikeOtherType(text) || !IsPlainSafe(text))
        {
            var builder = new StringBuilder();
            GoQuote.AppendQuoted(builder, text, '"', asciiOnly: false);
            return builder.ToString();
        }
        return text;
    }

    private static bool LooksLikeOtherType(string text)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or "null" or "~":
                return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            || text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsPlainSafe(string text)
    {
        if (" -?:,[]{}#&*!|>'\"%@`".Contains(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            return false;
        }
        return !text.Contains(": ", StringComparison.Ordinal) && !text.Contains(" #", StringComparison.Ordinal)
            && !text.EndsWith(':') && text.All(c => c >= ' ' && c != 0x7F);
    }
}
