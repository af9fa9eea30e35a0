using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>Syntax checks shared by annotation validation and revision compilation.</summary>
internal static class ValueSyntax
{
    public static bool IsPort(string value, bool allowZero) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
        && port <= 65535 && (allowZero || port >= 1);

    public static bool IsUInt32(string value) => uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>Empty is valid (nothing listed); entries are trimmed.</summary>
    public static bool IsPortList(string value, bool allowStar)
    {
        if (value.Trim().Length == 0) return true;
        if (allowStar && value.Trim() == "*") return true;
        foreach (var part in value.Split(','))
        {
            if (!IsPort(part.Trim(), allowZero: false)) return false;
        }
        return true;
    }

    public static bool IsCidrList(string value, bool allowStar)
    {
        if (value.Trim().Length == 0) return true;
        if (allowStar && value.Trim() == "*") return true;
        foreach (var part in value.Split(','))
        {
            if (!IPNetwork.TryParse(part.Trim(), out _) && !IsCidrWithHostBits(part.Trim())) return false;
        }
        return true;
    }

    // Istio accepts "10.96.0.2/24" (host bits set), which IPNetwork.TryParse rejects.
    private static bool IsCidrWithHostBits(string value)
    {
        var slash = value.IndexOf('/');
        if (slash <= 0) return false;
        if (!IPAddress.TryParse(value.AsSpan(0, slash), out var address)) return false;
        var max = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        return int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits <= max;
    }

    /// <summary>A Kubernetes resource quantity: a decimal number with an optional SI/binary suffix or exponent.</summary>
    public static bool IsQuantity(string value)
    {
        var s = value.AsSpan();
        if (s.Length == 0) return false;
        var i = 0;
        if (s[0] is '+' or '-') i++;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        var suffix = s[i..];
        return suffix is "" or "m" or "k" or "M" or "G" or "T" or "P" or "E" or "Ki" or "Mi" or "Gi" or "Ti" or "Pi" or "Ei"
            || (suffix.Length > 1 && suffix[0] is 'e' or 'E' && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
    }

    public static bool IsJsonObjectOfObjects(string value)
    {
        try
        {
            using var doc = AnnotationJson.Parse(value);
            if (doc.Root.ValueKind != JsonValueKind.Object) return false;
            foreach (var p in doc.Root.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Object) return false;
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
