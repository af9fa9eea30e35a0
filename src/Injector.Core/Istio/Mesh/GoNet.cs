using System.Globalization;

namespace Injector.Istio.Mesh;

/// <summary>The Go address and name checks Istio's validation uses (net.SplitHostPort, strconv.Atoi, DNS-1123 labels,
/// netip.ParseAddr).</summary>
internal static class GoNet
{
    /// <summary><c>net.SplitHostPort</c>; the error is Go's <c>*net.AddrError</c> text.</summary>
    public static bool SplitHostPort(string hostport, out string host, out string port, out string? error)
    {
        host = port = "";
        error = null;
        var i = hostport.LastIndexOf(':');
        if (i < 0) return Fail(hostport, "missing port in address", out error);
        int j = 0, k = 0;
        if (hostport.Length > 0 && hostport[0] == '[')
        {
            var end = hostport.IndexOf(']');
            if (end < 0) return Fail(hostport, "missing ']' in address", out error);
            if (end + 1 == hostport.Length) return Fail(hostport, "missing port in address", out error);
            if (end + 1 != i)
            {
                return Fail(hostport, hostport[end + 1] == ':' ? "too many colons in address" : "missing port in address", out error);
            }
            host = hostport[1..end];
            j = 1;
            k = end + 1;
        }
        else
        {
            host = hostport[..i];
            if (host.Contains(':')) return Fail(hostport, "too many colons in address", out error);
        }
        if (hostport.IndexOf('[', j) >= 0) return Fail(hostport, "unexpected '[' in address", out error);
        if (hostport.IndexOf(']', k) >= 0) return Fail(hostport, "unexpected ']' in address", out error);
        port = hostport[(i + 1)..];
        return true;
    }

    private static bool Fail(string addr, string why, out string? error)
    {
        error = addr.Length > 0 ? "address " + addr + ": " + why : why;
        return false;
    }

    /// <summary><c>strconv.Atoi</c>: the value, or Go's error text.</summary>
    public static bool Atoi(string s, out long value, out string? error)
    {
        error = null;
        var digits = s.Length > 0 && (s[0] == '+' || s[0] == '-') ? s[1..] : s;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            value = 0;
            error = $"strconv.Atoi: parsing {GoQuoting.Quote(s)}: invalid syntax";
            return false;
        }
        if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = $"strconv.Atoi: parsing {GoQuoting.Quote(s)}: value out of range";
            return false;
        }
        return true;
    }

    /// <summary>Kubernetes' IsDNS1123Label: at most 63 of <c>[a-z0-9-]</c>, alphanumeric at both ends.</summary>
    public static bool IsDns1123Label(string s)
    {
        if (s.Length is 0 or > 63) return false;
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')) return false;
        }
        return s[0] != '-' && s[^1] != '-';
    }

    /// <summary>Istio's IsWildcardDNS1123Label: <c>*</c>, or a label that may start with <c>*</c>.</summary>
    public static bool IsWildcardDns1123Label(string s)
    {
        if (s == "*") return true;
        if (s.StartsWith('*')) s = "a" + s[1..];
        return IsDns1123Label(s);
    }

    /// <summary><c>netip.ParseAddr</c> succeeds: strict dotted-quad IPv4 or IPv6 (with an optional zone).</summary>
    public static bool IsIpAddress(string s)
    {
        if (s.Contains(':'))
        {
            var zone = s.IndexOf('%');
            var address = zone >= 0 ? s[..zone] : s;
            if (zone >= 0 && zone == s.Length - 1) return false;
            return System.Net.IPAddress.TryParse(address, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }
        var parts = s.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0')) return false;
            if (int.Parse(part, CultureInfo.InvariantCulture) > 255) return false;
        }
        return true;
    }
}
