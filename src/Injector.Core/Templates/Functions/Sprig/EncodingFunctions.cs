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

    /// <summary>Go's <c>base64.StdEncoding.DecodeString</c>: padding required, CR and LF ignored; an error names the
    /// offset of the first bad byte.</summary>
    private static string Base64Decode(string text)
    {
        byte[] input = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(input.Length * 3 / 4);
        int i = 0;
        Span<int> quantum = stackalloc int[4];
        while (true)
        {
            int count = 0;
            int padding = 0;
            int quantumStart = -1;
            while (count < 4)
            {
                while (i < input.Length && input[i] is (byte)'\r' or (byte)'\n')
                {
                    i++;
                }
                if (i >= input.Length)
                {
                    if (count == 0 && padding == 0)
                    {
                        return Encoding.UTF8.GetString(output.ToArray());
                    }
                    if (count == 1 || padding > 0 || count < 4)
                    {
                        return "illegal base64 data at input byte " + Math.Max(i - (padding > 0 ? padding : 0) - (count == 1 ? 1 : 0), 0);
                    }
                }
                if (quantumStart < 0)
                {
                    quantumStart = i;
                }
                byte c = input[i];
                if (c == '=')
                {
                    // Padding may only end the input: "xx==" or "xxx=".
                    if (count < 2)
                    {
                        return "illegal base64 data at input byte " + i;
                    }
                    int j = i + 1;
                    while (j < input.Length && input[j] is (byte)'\r' or (byte)'\n')
                    {
                        j++;
                    }
                    if (count == 2)
                    {
                        if (j >= input.Length || input[j] != '=')
                        {
                            return "illegal base64 data at input byte " + (j >= input.Length ? input.Length : j);
                        }
                        j++;
                        while (j < input.Length && input[j] is (byte)'\r' or (byte)'\n')
                        {
                            j++;
                        }
                    }
                    if (j < input.Length)
                    {
                        return "illegal base64 data at input byte " + j;
                    }
                    Flush(output, quantum, count);
                    return Encoding.UTF8.GetString(output.ToArray());
                }
                int value = Base64Value(c);
                if (value < 0)
                {
                    return "illegal base64 data at input byte " + i;
                }
                quantum[count++] = value;
                i++;
            }
            Flush(output, quantum, 4);
        }
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

    /// <summary>Go's <c>base32.StdEncoding.DecodeString</c> (padded blocks of eight, CR and LF ignored).</summary>
    private static string Base32Decode(string text)
    {
        byte[] input = Encoding.UTF8.GetBytes(text);
        var symbols = new List<(byte Value, int Offset)>();
        for (int i = 0; i < input.Length; i++)
        {
            if (input[i] is (byte)'\r' or (byte)'\n')
            {
                continue;
            }
            symbols.Add((input[i], i));
        }
        var output = new List<byte>();
        for (int block = 0; block < symbols.Count; block += 8)
        {
            if (symbols.Count - block < 8)
            {
                return "illegal base32 data at input byte " + (symbols.Count > 0 ? symbols[block].Offset : 0);
            }
            ulong bits = 0;
            int dataChars = 8;
            for (int k = 0; k < 8; k++)
            {
                var (c, offset) = symbols[block + k];
                if (c == '=')
                {
                    if (block + 8 != symbols.Count || k < 2)
                    {
                        return "illegal base32 data at input byte " + offset;
                    }
                    for (int m = k; m < 8; m++)
                    {
                        if (symbols[block + m].Value != '=')
                        {
                            return "illegal base32 data at input byte " + symbols[block + m].Offset;
                        }
                    }
                    dataChars = k;
                    if (dataChars is not (2 or 4 or 5 or 7))
                    {
                        return "illegal base32 data at input byte " + offset;
                    }
                    bits <<= 5 * (8 - k);
                    break;
                }
                int value = Base32Alphabet.IndexOf((char)c);
                if (value < 0)
                {
                    return "illegal base32 data at input byte " + offset;
                }
                bits = (bits << 5) | (uint)value;
            }
            int bytes = dataChars switch
            {
                2 => 1,
                4 => 2,
                5 => 3,
                7 => 4,
                _ => 5,
            };
            for (int k = 0; k < bytes; k++)
            {
                output.Add((byte)(bits >> (32 - 8 * k)));
            }
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
