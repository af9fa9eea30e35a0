using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using Injector.Istio.Mesh;
using Injector.Kube.Quantities;

namespace Injector.Rendering;

/// <summary>
/// Istio's <c>validateAnnotations</c> (validate.go): the annotations it checks, its rules and its message shapes
/// (<c>invalid value 'V' for annotation 'K': reason</c>). Istio joins several errors in a multi-line multierror; the
/// rendered path joins them with <c>"; "</c> in annotation-name order so the denial stays one line and stable.
/// </summary>
internal static class AnnotationValidation
{
    private static readonly FrozenDictionary<string, Func<string, string?>> Rules = new Dictionary<string, Func<string, string?>>(StringComparer.Ordinal)
    {
        ["sidecar.istio.io/interceptionMode"] = InterceptionMode,
        ["status.sidecar.istio.io/port"] = v => ParsePort(v) is { } e ? "excludeInboundPorts invalid: " + e : null,
        ["readiness.status.sidecar.istio.io/initialDelaySeconds"] = UInt32,
        ["readiness.status.sidecar.istio.io/periodSeconds"] = UInt32,
        ["readiness.status.sidecar.istio.io/failureThreshold"] = UInt32,
        ["traffic.sidecar.istio.io/includeOutboundIPRanges"] = v => v == "*" ? null : CidrList(v) is { } e ? "includeIPRanges invalid: " + e : null,
        ["traffic.sidecar.istio.io/excludeOutboundIPRanges"] = v => CidrList(v) is { } e ? "excludeIPRanges invalid: " + e : null,
        ["traffic.sidecar.istio.io/includeInboundPorts"] = v => v == "*" ? null : PortList("includeInboundPorts", v),
        ["traffic.sidecar.istio.io/excludeInboundPorts"] = v => PortList("excludeInboundPorts", v),
        ["traffic.sidecar.istio.io/excludeOutboundPorts"] = v => PortList("excludeOutboundPorts", v),
        ["traffic.sidecar.istio.io/excludeInterfaces"] = InterfaceNames,
        ["traffic.sidecar.istio.io/kubevirtInterfaces"] = InterfaceNames,
        ["istio.io/reroute-virtual-interfaces"] = InterfaceNames,
        ["prometheus.istio.io/merge-metrics"] = v => GoParse.TryParseBool(v, out _) ? null : "strconv.ParseBool: parsing " + GoParse.Quote(v) + ": invalid syntax",
        ["proxy.istio.io/config"] = v => MeshConfig.ValidateProxyConfigAnnotation(v),
        ["sidecar.istio.io/proxyCPU"] = Quantity,
        ["sidecar.istio.io/proxyMemory"] = Quantity,
        ["sidecar.istio.io/proxyCPULimit"] = Quantity,
        ["sidecar.istio.io/proxyMemoryLimit"] = Quantity,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Null when every validated annotation is fine, else the error for all bad ones (one line).</summary>
    public static string? Validate(IReadOnlyDictionary<string, string> annotations)
    {
        List<string>? errors = null;
        foreach (var (name, rule) in Rules)
        {
            if (!annotations.TryGetValue(name, out var value)) continue;
            if (rule(value) is { } problem)
            {
                (errors ??= []).Add("invalid value '" + OneLine(value) + "' for annotation '" + name + "': " + OneLine(problem));
            }
        }
        if (errors is null) return null;
        errors.Sort(StringComparer.Ordinal);
        return string.Join("; ", errors);
    }

    /// <summary>Control characters escaped and long values cut, so a hostile value cannot split or flood the message.</summary>
    internal static string OneLine(string text, int max = 200)
    {
        var shown = text.Length > max ? text[..max] : text;
        var builder = new System.Text.StringBuilder(shown.Length + 8);
        foreach (var c in shown)
        {
            if (c < 0x20 || c == 0x7f || c is '\u2028' or '\u2029') builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        if (shown.Length < text.Length) builder.Append("...");
        return builder.ToString();
    }

    private static string? InterceptionMode(string mode) =>
        mode is "REDIRECT" or "TPROXY" or "NONE" ? null : "interceptionMode invalid, use REDIRECT,TPROXY,NONE: " + mode;

    private static string? UInt32(string value) => GoParse.ParseUint(value, 32) is { } e ? e : null;

    private static string? Quantity(string value)
    {
        foreach (var r in value)
        {
            if (char.IsControl(r)) return "value contains control characters";
        }
        return Kube.Quantities.Quantity.TryParse(value, out _, out _) ? null : "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    }

    // parsePort: strconv.ParseUint(strings.TrimSpace(p), 10, 16).
    private static string? ParsePort(string port) =>
        GoParse.ParseUint(port.Trim(' ', '\t', '\n', '\r', '\v', '\f'), 16) is { } e ? "failed parsing port '" + port + "': " + e : null;

    private static string? PortList(string parameter, string ports)
    {
        var trimmed = ports.Trim(' ', '\t', '\n', '\r', '\v', '\f');
        if (trimmed.Length == 0) return null;
        foreach (var port in trimmed.Split(','))
        {
            if (ParsePort(port) is { } e) return parameter + " invalid: failed parsing port '" + port + "': " + e;
        }
        return null;
    }

    private static string? CidrList(string cidrs)
    {
        if (cidrs.Length == 0) return null;
        foreach (var cidr in cidrs.Split(','))
        {
            if (!IsPrefix(cidr)) return "failed parsing cidr '" + cidr + "': netip.ParsePrefix(" + GoParse.Quote(cidr) + "): invalid prefix";
        }
        return null;
    }

    /// <summary>Go's <c>netip.ParsePrefix</c>: strict dotted IPv4 or IPv6 without zone, "/", decimal bits without
    /// leading zeros within the family's size.</summary>
    internal static bool IsPrefix(string text)
    {
        var slash = text.LastIndexOf('/');
        if (slash < 0) return false;
        var address = text[..slash];
        var bits = text[(slash + 1)..];
        if (bits.Length == 0 || bits.Length > 3 || (bits.Length > 1 && bits[0] == '0')) return false;
        foreach (var c in bits)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }
        var size = int.Parse(bits, CultureInfo.InvariantCulture);
        if (address.Contains(':'))
        {
            if (address.Contains('%') || !IPAddress.TryParse(address, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return false;
            return size <= 128;
        }
        var parts = address.Split('.');
        if (parts.Length != 4) return false;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')) return false;
            foreach (var c in part)
            {
                if (!char.IsAsciiDigit(c)) return false;
            }
            if (int.Parse(part, CultureInfo.InvariantCulture) > 255) return false;
        }
        return size <= 32;
    }

    // Linux interface names: at most 15 bytes, no '/', ':' or white space (empty entries are ignored).
    private static string? InterfaceNames(string interfaces)
    {
        if (interfaces.Length == 0) return null;
        foreach (var raw in interfaces.Split(','))
        {
            var name = raw.Trim();
            if (name.Length == 0) continue;
            if (name.Length > 15 || name is "." or ".." || name.IndexOfAny(['/', ':', ' ', '\t', '\n']) >= 0)
            {
                return "invalid interface name: " + GoParse.Quote(name);
            }
        }
        return null;
    }
}

/// <summary>The few Go strconv parsers the injector's rules use, with Go's error texts.</summary>
internal static class GoParse
{
    public static bool TryParseBool(string value, out bool result)
    {
        switch (value)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True": result = true; return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False": result = false; return true;
            default: result = false; return false;
        }
    }

    /// <summary>Null when <c>strconv.ParseUint(value, 10, bits)</c> succeeds, else its error text.</summary>
    public static string? ParseUint(string value, int bits)
    {
        if (value.Length == 0) return "strconv.ParseUint: parsing " + Quote(value) + ": invalid syntax";
        ulong max = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        ulong result = 0;
        bool overflow = false;
        foreach (var c in value)
        {
            if (c == '_' || !char.IsAsciiDigit(c)) return "strconv.ParseUint: parsing " + Quote(value) + ": invalid syntax";
            if (!overflow)
            {
                if (result > (max - (ulong)(c - '0')) / 10) overflow = true;
                else result = result * 10 + (ulong)(c - '0');
            }
        }
        return overflow ? "strconv.ParseUint: parsing " + Quote(value) + ": value out of range" : null;
    }

    /// <summary>Parses a decimal integer as <c>strconv.Atoi</c> does (sign allowed); false when Go would fail.</summary>
    public static bool TryAtoi(string value, out long result)
    {
        result = 0;
        var span = value.AsSpan();
        var negative = false;
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }
        if (span.Length == 0 || span.Length > 18) return false;
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c)) return false;
            result = result * 10 + (c - '0');
        }
        if (negative) result = -result;
        return true;
    }

    public static string Quote(string value) => Templates.Formatting.GoQuote.Quote(value.Length > 200 ? value[..200] : value);
}
