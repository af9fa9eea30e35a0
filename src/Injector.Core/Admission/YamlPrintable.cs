using Injector.Json;
using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Injector.Admission;

/// <summary>
/// Whether every string in a JSON value holds only characters YAML can carry (YAML 1.1's printable set: tab, LF, CR,
/// U+0020–U+007E, U+0085, U+00A0–U+D7FF, U+E000–U+FFFD, U+10000 and above). Istio's templates print pod text into
/// YAML, and the YAML reader refuses any other character, so such a pod gets Istio's error on the rendered path. One
/// linear pass over the value's raw JSON bytes: JSON writes every C0 control as an escape.
/// </summary>
internal static class YamlPrintable
{
    // The only bytes that can start a character outside the set: an escape, DEL, the lead byte of U+0080–U+00BF and
    // the lead byte of U+F000–U+FFFF. Everything between them is skipped with a vectorised search.
    private static readonly SearchValues<byte> Suspects = SearchValues.Create([(byte)'\\', 0x7F, 0xC2, 0xEF]);

    public static bool Holds(JsonTreeElement value)
    {
        // What the API server sends is mostly plain ASCII, which the parser found out while reading it.
        if (value.PlainAsciiStrings) return true;
        var raw = value.RawValue;
        for (var i = 0; i < raw.Length; i++)
        {
            var next = raw[i..].IndexOfAny(Suspects);
            if (next < 0) return true;
            i += next;
            var b = raw[i];
            if (b == (byte)'\\')
            {
                if (i + 1 >= raw.Length) return false;
                var kind = raw[i + 1];
                if (kind is (byte)'b' or (byte)'f') return false;
                if (kind != (byte)'u') { i++; continue; }
                // A surrogate must be half of an escaped pair (which spells a printable character above U+FFFF).
                var length = SurrogateEscapes.UnicodeEscapeLength(raw, i, out var code);
                if (length <= 0 || (length == 6 && !IsPrintable(code))) return false;
                i += length - 1;
                continue;
            }
            if (b == 0x7F) return false;
            // U+0080–U+009F (C2 80–C2 9F) except U+0085; U+FFFE and U+FFFF (EF BF BE/BF).
            if (b == 0xC2 && i + 1 < raw.Length && raw[i + 1] is >= 0x80 and <= 0x9F && raw[i + 1] != 0x85) return false;
            if (b == 0xEF && i + 2 < raw.Length && raw[i + 1] == 0xBF && raw[i + 2] is 0xBE or 0xBF) return false;
        }
        return true;
    }

    private static bool IsPrintable(int code) =>
        code is 0x09 or 0x0A or 0x0D or (>= 0x20 and <= 0x7E) or 0x85 or (>= 0xA0 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD);
}
