using System.Security.Cryptography;
using System.Text;
using Injector.Templates.Execution;

namespace Injector.Templates.Functions.Sprig;

/// <summary>Sprig's encodings and checksums: base64 and base32 (standard alphabets, padded), sha1/sha256/sha512 in
/// lower-case hex, adler32 in decimal. A failed decode yields Go's error text as the result, as Sprig does.</summary>
internal static class EncodingFunctions
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static void Register(FunctionRegistry r)
    {
        r.Add("b64enc", static (e, a) => Slot.Of(Charge(e, Convert.ToBase64String(Encoding.UTF8.GetBytes(Str(a[0]))))), ParamType.String);
        r.Add("b64dec", static (e, a) => Slot.Of(Charge(e, Base64Decode(Str(a[0])))), ParamType.String);
        r.Add("b32enc", static (e, a) => Slot.Of(Charge(e, Base32Encode(Encoding.UTF8.GetBytes(Str(a[0]))))), ParamType.String);
        r.Add("b32dec", static (e, a) => Slot.Of(Charge(e, Base32Decode(Str(a[0])))), ParamType.String);
        r.Add("sha1sum", static (_, a) => Slot.Of(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Str(a[0]))))), ParamType.String);
        r.Add("sha256sum", static (_, a) => Slot.Of(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Str(a[0]))))), ParamType.String);
        r.Add("sha512sum", static (_, a) => Slot.Of(Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(Str(a[0]))))), ParamType.String);
        r.Add("adler32sum", static (_, a) => Slot.Of(Adler32(Encoding.UTF8.GetBytes(Str(a[0]))).ToString(System.Globalization.CultureInfo.InvariantCulture)), ParamType.String);
    }

    private static string Str(Slot slot) => (string)slot.Value!;

    private static string Charge(TemplateExecution execution, string text)
    {
        execution.ChargeWork(text.Length);
        return text;
    }

    private static uint Adler32(byte[] data)
    {
        const uint Mod = 65521;
        uint a = 1, b = 0;
        foreach (byte d in data)
        {
            a = (a + d) % Mod;
            b = (b + a) % Mod;
        }
        return (b << 16) | a;
    }

    /// <summary>Go's <c>base64.StdEncoding.DecodeString</c>, quantum by quantum: padding required, CR and LF
    /// skipped; an error names the offset Go's <c>CorruptInputError</c> gives.</summary>
    private static string Base64Decode(string text)
    {
        byte[] src = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(src.Length * 3 / 4);
        int si = 0;
        Span<int> quantum = stackalloc int[4];
        while (si < src.Length)
        {
            int length = 4;
            bool done = false;
            for (int j = 0; j < 4; j++)
            {
                if (si == src.Length)
                {
                    if (j == 0)
                    {
                        return Encoding.UTF8.GetString(output.ToArray());
                    }
                    return "illegal base64 data at input byte " + (si - j);
                }
                byte c = src[si++];
                int value = Base64Value(c);
                if (value >= 0)
                {
                    quantum[j] = value;
                    continue;
                }
                if (c is (byte)'\n' or (byte)'\r')
                {
                    j--;
                    continue;
                }
                if (c != '=')
                {
                    return "illegal base64 data at input byte " + (si - 1);
                }
                // Padding: "xx==" or "xxx=", then only new lines.
                if (j < 2)
                {
                    return "illegal base64 data at input byte " + (si - 1);
                }
                if (j == 2)
                {
                    while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r')
                    {
                        si++;
                    }
                    if (si == src.Length)
                    {
                        return "illegal base64 data at input byte " + src.Length;
                    }
                    if (src[si] != '=')
                    {
                        return "illegal base64 data at input byte " + (si - 1);
                    }
                    si++;
                }
                while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r')
                {
                    si++;
                }
                if (si < src.Length)
                {
                    return "illegal base64 data at input byte " + si;
                }
                length = j;
                done = true;
                break;
            }
            Flush(output, quantum, length);
            if (done)
            {
                break;
            }
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static void Flush(List<byte> output, ReadOnlySpan<int> quantum, int count)
    {
        int bits = 0;
        for (int k = 0; k < 4; k++)
        {
            bits = (bits << 6) | (k < count ? quantum[k] : 0);
        }
        output.Add((byte)(bits >> 16));
        if (count > 2)
        {
            output.Add((byte)(bits >> 8));
        }
        if (count > 3)
        {
            output.Add((byte)bits);
        }
    }

    private static int Base64Value(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };

    private static string Base32Encode(byte[] data)
    {
        var builder = new StringBuilder((data.Length + 4) / 5 * 8);
        for (int i = 0; i < data.Length; i += 5)
        {
            int n = Math.Min(5, data.Length - i);
            ulong bits = 0;
            for (int k = 0; k < 5; k++)
            {
                bits = (bits << 8) | (k < n ? data[i + k] : 0u);
            }
            int chars = n switch
            {
                1 => 2,
                2 => 4,
                3 => 5,
                4 => 7,
                _ => 8,
            };
            for (int k = 0; k < 8; k++)
            {
                builder.Append(k < chars ? Base32Alphabet[(int)((bits >> (35 - 5 * k)) & 31)] : '=');
            }
        }
        return builder.ToString();
    }

    /// <summary>Go's <c>base32.StdEncoding.DecodeString</c>: new lines removed first, then padded blocks of eight;
    /// error offsets count in the input without its new lines, as Go's do.</summary>
    private static string Base32Decode(string text)
    {
        var src = new List<byte>();
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            if (b is not ((byte)'\r' or (byte)'\n'))
            {
                src.Add(b);
            }
        }
        int total = src.Count;
        int pos = 0;
        var output = new List<byte>();
        bool end = false;
        Span<int> block = stackalloc int[8];
        while (pos < total && !end)
        {
            int length = 8;
            for (int j = 0; j < 8;)
            {
                int remaining = total - pos;
                if (remaining == 0)
                {
                    return "illegal base32 data at input byte " + (total - remaining - j);
                }
                byte c = src[pos++];
                remaining--;
                if (c == '=' && j >= 2 && remaining < 8)
                {
                    if (remaining + j < 8 - 1)
                    {
                        return "illegal base32 data at input byte " + total;
                    }
                    for (int k = 0; k < 8 - 1 - j; k++)
                    {
                        if (remaining > k && src[pos + k] != '=')
                        {
                            return "illegal base32 data at input byte " + (total - remaining + k - 1);
                        }
                    }
                    length = j;
                    end = true;
                    if (length is 1 or 3 or 6)
                    {
                        return "illegal base32 data at input byte " + (total - remaining - 1);
                    }
                    break;
                }
                int value = Base32Alphabet.IndexOf((char)c);
                if (value < 0 || c >= 0x80)
                {
                    return "illegal base32 data at input byte " + (total - remaining - 1);
                }
                block[j++] = value;
            }
            ulong bits = 0;
            for (int k = 0; k < 8; k++)
            {
                bits = (bits << 5) | (uint)(k < length ? block[k] : 0);
            }
            int bytes = length switch
            {
                8 => 5,
                7 => 4,
                5 => 3,
                4 => 2,
                _ => 1,
            };
            for (int k = 0; k < bytes; k++)
            {
                output.Add((byte)(bits >> (32 - 8 * k)));
            }
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
