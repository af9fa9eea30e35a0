using System.Text.Json.Nodes;

namespace Injector.Istio.Mesh;

/// <summary>
/// Istio's agent validation (pkg/config/validation/agent/validation.go): <c>ValidateMeshConfigProxyConfig</c> in full
/// and <c>ValidateMeshConfig</c>'s errors (listen port, connect and protocol detection timeouts, the default proxy
/// config, locality load balancing, service settings hosts, trust domains, mesh mTLS curves). Warnings (extension
/// providers, TLS defaults' curves, failover without outlier detection) are not reported: Istio only logs them.
/// </summary>
internal static class MeshValidation
{
    private const long Millisecond = 1_000_000;
    private const long Second = 1_000_000_000;

    /// <summary>Null when valid; else the errors, one line.</summary>
    public static string? ValidateMeshConfig(JsonObject mesh) => MeshConfigErrors(mesh) is { } e ? "meshConfig: " + e.OneLine() : null;

    /// <summary>validate.go's validateProxyConfig after the text applied: null, or Istio's error text.</summary>
    public static string? ValidateProxyConfig(JsonObject proxyConfig) => ProxyConfigErrors(proxyConfig)?.ToString();

    internal static GoError? MeshConfigErrors(JsonObject mesh)
    {
        GoError? v = null;
        v = GoError.Join(v, GoError.Prefix(ValidatePort(Int(mesh, "proxyListenPort")), "invalid proxy listen port:"));
        v = GoError.Join(v, GoError.Prefix(ValidateConnectTimeout(DurationOf(mesh, "connectTimeout")), "invalid connect timeout:"));
        var detection = DurationOf(mesh, "protocolDetectionTimeout");
        if (detection != 0 && detection % Millisecond != 0)
        {
            v = GoError.Join(v, GoError.Prefix(GoError.Plain("only durations to ms precision are supported"), "invalid protocol detection timeout:"));
        }
        v = GoError.Join(v, mesh["defaultConfig"] is JsonObject pc ? ProxyConfigErrors(pc) : GoError.Plain("missing default config"));
        v = GoError.Join(v, LocalityLbErrors(mesh["localityLbSetting"] as JsonObject));
        v = GoError.Join(v, ServiceSettingsErrors(mesh));
        v = GoError.Join(v, TrustDomainErrors(mesh));
        if (mesh["meshMTLS"] is JsonObject mtls && mtls.ContainsKey("ecdhCurves"))
        {
            v = GoError.Join(v, GoError.Append(null, GoError.Plain("mesh TLS does not support ECDH curves configuration")));
        }
        return v;
    }

    internal static GoError? ProxyConfigErrors(JsonObject config)
    {
        GoError? errs = null;
        void Add(GoError? e) => errs = GoError.Append(errs, e);
        if (Str(config, "configPath") == "") Add(GoError.Plain("config path must be set"));
        if (Str(config, "binaryPath") == "") Add(GoError.Plain("binary path must be set"));
        if (config["serviceCluster"] is JsonNode cluster)
        {
            if (cluster.GetValue<string>() == "") Add(GoError.Plain("service cluster must be specified"));
        }
        else if (!config.ContainsKey("tracingServiceName"))
        {
            Add(GoError.Plain("oneof service cluster or tracing service name must be specified"));
        }
        Add(ValidateDrainDuration(DurationOf(config, "drainDuration")));
        var discovery = Str(config, "discoveryAddress");
        if (discovery == "") Add(GoError.Plain("discovery address must be set to the proxy discovery service"));
        else Add(GoError.Prefix(ValidateProxyAddress(discovery), "invalid discovery address:"));

        if (config["tracing"] is JsonObject tracing)
        {
            if (tracing["lightstep"] is JsonObject lightstep)
            {
                GoError? ls = null;
                var address = Str(lightstep, "address");
                if (address == "") ls = GoError.Append(ls, GoError.Plain("address is required"));
                ls = GoError.Append(ls, GoError.Prefix(ValidateProxyAddress(address), "invalid lightstep address:"));
                if (Str(lightstep, "accessToken") == "") ls = GoError.Append(ls, GoError.Plain("access token is required"));
                Add(GoError.Prefix(ls, "invalid lightstep config:"));
            }
            if (tracing["zipkin"] is JsonObject zipkin)
            {
                Add(GoError.Prefix(ValidateProxyAddress(ReplaceFirst(Str(zipkin, "address"), "$(HOST_IP)", "127.0.0.1")), "invalid zipkin config:"));
            }
            if (tracing["datadog"] is JsonObject datadog)
            {
                Add(GoError.Prefix(ValidateProxyAddress(ReplaceFirst(Str(datadog, "address"), "$(HOST_IP)", "127.0.0.1")), "invalid datadog config:"));
            }
            if (tracing["tlsSettings"] is JsonObject tls) Add(GoError.Prefix(ValidateTls(tls), "invalid tracing TLS config:"));
        }
        var statsd = Str(config, "statsdUdpAddress");
        if (statsd != "") Add(GoError.Prefix(ValidateProxyAddress(statsd), $"invalid statsd udp address {GoQuoting.Quote(statsd)}:"));
        var metricsAddress = Str(config, "envoyMetricsServiceAddress");
        if (metricsAddress != "") Add(GoError.Prefix(ValidateProxyAddress(metricsAddress), $"invalid envoy metrics service address {GoQuoting.Quote(metricsAddress)}:"));
        foreach (var (field, what) in new[] { ("envoyMetricsService", "envoy metrics service"), ("envoyAccessLogService", "envoy access log service") })
        {
            if (config[field] is JsonObject service && Str(service, "address") is { Length: > 0 } address)
            {
                Add(GoError.Prefix(ValidateProxyAddress(address), $"invalid {what} address {GoQuoting.Quote(address)}:"));
            }
        }
        Add(GoError.Prefix(ValidatePort(Int(config, "proxyAdminPort")), "invalid proxy admin port:"));
        var policy = config["controlPlaneAuthPolicy"]?.ToString() ?? "NONE";
        if (policy is not ("NONE" or "MUTUAL_TLS"))
        {
            Add(GoError.Prefix(GoError.Plain($"unrecognized control plane auth policy {GoQuoting.Quote(policy)}"), "invalid authentication policy:"));
        }
        Add(GoError.Prefix(ValidatePort(Int(config, "statusPort")), "invalid status port:"));
        if (config["privateKeyProvider"] is JsonObject provider) Add(GoError.Prefix(PrivateKeyProviderErrors(provider), "invalid private key provider configuration:"));
        return errs;
    }

    private static GoError? PrivateKeyProviderErrors(JsonObject provider)
    {
        GoError? errs = null;
        var kind = provider.ContainsKey("cryptomb") ? "cryptomb" : provider.ContainsKey("qat") ? "qat" : null;
        if (kind is null)
        {
            errs = GoError.Append(errs, GoError.Plain("private key provider configuration is required"));
            return GoError.Append(errs, GoError.Plain("unknown private key provider"));
        }
        var conf = (JsonObject)provider[kind]!;
        if (conf["pollDelay"] is not JsonNode delay) errs = GoError.Append(errs, GoError.Plain("pollDelay is required"));
        else if (GoDuration.Parse(delay.GetValue<string>(), out _) == 0) errs = GoError.Append(errs, GoError.Plain("pollDelay must be non zero"));
        return errs;
    }

    private static GoError? ValidateTls(JsonObject settings)
    {
        GoError? errs = null;
        var mode = settings["mode"]?.ToString() ?? "DISABLE";
        var ca = Str(settings, "caCertificates");
        var credential = Str(settings, "credentialName");
        var sans = settings.ContainsKey("subjectAltNames");
        if (settings["insecureSkipVerify"] is JsonNode skip && skip.GetValue<bool>())
        {
            if (mode == "SIMPLE" && (ca != "" || credential != "" || sans))
            {
                errs = GoError.Join(errs, GoError.Plain("cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true"));
            }
            if (mode == "MUTUAL" && (ca != "" || sans))
            {
                errs = GoError.Join(errs, GoError.Plain("cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true"));
            }
        }
        if (mode is "SIMPLE" or "MUTUAL" && credential != "")
        {
            if (Str(settings, "clientCertificate") != "" || ca != "" || Str(settings, "privateKey") != "" || Str(settings, "caCrl") != "")
            {
                errs = GoError.Join(errs, GoError.Plain("cannot specify client certificates or CA certificate or CA CRL If credentialName is set"));
            }
            return errs;
        }
        if (mode == "MUTUAL")
        {
            if (Str(settings, "clientCertificate") == "") errs = GoError.Join(errs, GoError.Plain("client certificate required for mutual tls"));
            if (Str(settings, "privateKey") == "") errs = GoError.Join(errs, GoError.Plain("private key required for mutual tls"));
        }
        return errs;
    }

    private static GoError? ValidateDrainDuration(long drain)
    {
        var invalid = ValidateDuration(drain);
        if (invalid is not null) return GoError.Append(null, GoError.Prefix(invalid, "invalid drain duration:"));
        return drain % Second != 0 ? GoError.Append(null, GoError.Plain("drain time only supports durations to seconds precision")) : null;
    }

    private static GoError? ValidateDuration(long d)
    {
        if (d < Millisecond) return GoError.Plain("duration must be greater than 1ms");
        return d % Millisecond != 0 ? GoError.Plain("only durations to ms precision are supported") : null;
    }

    private static GoError? ValidateConnectTimeout(long d)
    {
        var invalid = ValidateDuration(d);
        if (invalid is not null) return invalid;
        const long max = 3600 * Second;
        return d > max || d < Millisecond
            ? GoError.Plain($"time {GoDurationText.Format(d)} must be >{GoDurationText.Format(Millisecond)} and <{GoDurationText.Format(max)}")
            : null;
    }

    internal static GoError? ValidatePort(long port) =>
        port is >= 1 and <= 65535 ? null : GoError.Plain($"port number {port} must be in the range 1..65535");

    /// <summary>ValidateProxyAddress: host:port with a valid port and an FQDN or IP host.</summary>
    internal static GoError? ValidateProxyAddress(string hostAddr)
    {
        if (!GoNet.SplitHostPort(hostAddr, out var host, out var portText, out var splitError))
        {
            return GoError.Plain($"unable to split {GoQuoting.Quote(hostAddr)}: {splitError}");
        }
        if (!GoNet.Atoi(portText, out var port, out var atoiError)) return GoError.Plain($"port ({portText}) is not a number: {atoiError}");
        var bad = ValidatePort(port);
        if (bad is not null) return bad;
        if (ValidateFqdn(host) is not null && !GoNet.IsIpAddress(host))
        {
            return GoError.Plain($"{GoQuoting.Quote(host)} is not a valid hostname or an IP address");
        }
        return null;
    }

    private static string? ValidateFqdn(string fqdn) => CheckDnsPreconditions(fqdn) ?? ValidateDnsLabels(fqdn);

    private static string? CheckDnsPreconditions(string name) =>
        name.Length > 255 ? $"domain name {GoQuoting.Quote(name)} too long (max 255)"
        : name.Length == 0 ? "empty domain name not allowed"
        : null;

    private static string? ValidateDnsLabels(string domain)
    {
        var parts = domain.Split('.');
        var top = parts[^1];
        if (GoNet.Atoi(top, out _, out _)) return $"domain name {GoQuoting.Quote(domain)} invalid (top level domain {GoQuoting.Quote(top)} cannot be all-numeric)";
        for (var i = 0; i < parts.Length; i++)
        {
            if (i == parts.Length - 1 && parts[i] == "") return null;
            if (!GoNet.IsDns1123Label(parts[i])) return $"domain name {GoQuoting.Quote(domain)} invalid (label {GoQuoting.Quote(parts[i])} invalid)";
        }
        return null;
    }

    private static string? ValidateWildcardDomain(string domain)
    {
        var pre = CheckDnsPreconditions(domain);
        if (pre is not null) return pre;
        var dot = domain.IndexOf('.');
        var first = dot < 0 ? domain : domain[..dot];
        if (!GoNet.IsWildcardDns1123Label(first)) return $"domain name {GoQuoting.Quote(domain)} invalid (label {GoQuoting.Quote(first)} invalid)";
        return dot < 0 ? null : ValidateDnsLabels(domain[(dot + 1)..]);
    }

    private static GoError? ServiceSettingsErrors(JsonObject mesh)
    {
        GoError? errs = null;
        if (mesh["serviceSettings"] is not JsonArray settings) return null;
        for (var i = 0; i < settings.Count; i++)
        {
            if (settings[i] is not JsonObject s || s["hosts"] is not JsonArray hosts) continue;
            foreach (var host in hosts)
            {
                var h = host!.GetValue<string>();
                if (ValidateWildcardDomain(h) is { } e) errs = GoError.Append(errs, GoError.Plain($"serviceSettings[{i}], host `{h}`: {e}"));
            }
        }
        return errs;
    }

    private static string? ValidateTrustDomain(string domain)
    {
        if (domain.Length == 0) return "empty domain name not allowed";
        var parts = domain.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i == parts.Length - 1 && parts[i] == "") return null;
            if (!GoNet.IsDns1123Label(parts[i])) return $"trust domain name {GoQuoting.Quote(domain)} invalid";
        }
        return null;
    }

    private static GoError? TrustDomainErrors(JsonObject mesh)
    {
        GoError? errs = null;
        if (ValidateTrustDomain(Str(mesh, "trustDomain")) is { } e) errs = GoError.Append(errs, GoError.Plain("trustDomain: " + e));
        if (mesh["trustDomainAliases"] is JsonArray aliases)
        {
            for (var i = 0; i < aliases.Count; i++)
            {
                var alias = aliases[i]!.GetValue<string>();
                if (ValidateTrustDomain(alias) is { } ae) errs = GoError.Append(errs, GoError.Plain($"trustDomainAliases[{i}], domain `{alias}` : {ae}"));
            }
        }
        return errs;
    }

    private static GoError? LocalityLbErrors(JsonObject? lb)
    {
        if (lb is null) return null;
        var distribute = lb["distribute"] as JsonArray ?? [];
        var failover = lb["failover"] as JsonArray ?? [];
        var priority = lb["failoverPriority"] as JsonArray ?? [];
        if (distribute.Count > 0 && failover.Count > 0) return GoError.Plain("can not simultaneously specify 'distribute' and 'failover'");
        if (failover.Count > 0)
        {
            foreach (var label in priority)
            {
                var text = label!.GetValue<string>();
                if (text is "topology.kubernetes.io/region" or "topology.kubernetes.io/zone" or "topology.istio.io/subzone")
                {
                    return GoError.Plain($"can not simultaneously set 'failover' and topology label '{text}' in 'failover_priority'");
                }
            }
        }
        GoError? errs = null;
        var sources = new List<string>();
        foreach (var item in distribute)
        {
            var locality = (JsonObject)item!;
            sources.Add(Str(locality, "from"));
            long total = 0;
            var destinations = new List<string>();
            if (locality["to"] is JsonObject to)
            {
                foreach (var (loc, weight) in to)
                {
                    destinations.Add(loc);
                    var w = weight!.GetValue<long>();
                    if (w <= 0 || w > 100) return GoError.Join(errs, GoError.Plain("locality weight must be in range [1, 100]"));
                    total += w;
                }
            }
            if ((uint)total != 100) return GoError.Join(errs, GoError.Plain($"total locality weight {(uint)total} != 100"));
            errs = GoError.Join(errs, ValidateLocalities(destinations));
        }
        errs = GoError.Join(errs, ValidateLocalities(sources));
        foreach (var item in failover)
        {
            var f = (JsonObject)item!;
            string from = Str(f, "from"), to = Str(f, "to");
            if (from == to) errs = GoError.Join(errs, GoError.Plain("locality lb failover settings must specify different regions"));
            if (from.Contains('/') || to.Contains('/')) errs = GoError.Join(errs, GoError.Plain("locality lb failover only specify region"));
            if (to.Contains('*') || from.Contains('*')) errs = GoError.Join(errs, GoError.Plain("locality lb failover region should not contain '*' wildcard"));
        }
        return errs;
    }

    /// <summary>validateLocalities: at most one trailing wildcard, no empty parts, no overlap.</summary>
    private static GoError? ValidateLocalities(List<string> localities)
    {
        var map = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        foreach (var locality in localities)
        {
            var stars = locality.Count(c => c == '*');
            if (stars > 0 && (stars > 1 || !locality.EndsWith('*')))
            {
                return GoError.Plain($"locality {locality} wildcard '*' number can not exceed 1 and must be in the end");
            }
            if (map.ContainsKey("*")) return Overlap(locality);
            var items = locality.Split('/', 3);
            if (items.Any(i => i.Length == 0)) return GoError.Plain($"locality {locality} must not contain empty region/zone/subzone info");
            var region = items[0];
            switch (items.Length - 1)
            {
                case 0:
                    if (map.ContainsKey(region)) return Overlap(locality);
                    map[region] = new(StringComparer.Ordinal) { ["*"] = ["*"] };
                    break;
                case 1:
                    if (map.TryGetValue(region, out var zones))
                    {
                        if (zones.ContainsKey("*") || zones.ContainsKey(items[1])) return Overlap(locality);
                        zones[items[1]] = ["*"];
                    }
                    else
                    {
                        map[region] = new(StringComparer.Ordinal) { [items[1]] = ["*"] };
                    }
                    break;
                default:
                    if (map.TryGetValue(region, out var zs))
                    {
                        if (zs.ContainsKey("*")) return Overlap(locality);
                        if (zs.TryGetValue(items[1], out var subzones))
                        {
                            if (subzones.Contains("*") || subzones.Contains(items[2])) return Overlap(locality);
                            subzones.Add(items[2]);
                        }
                        else
                        {
                            zs[items[1]] = [items[2]];
                        }
                    }
                    else
                    {
                        map[region] = new(StringComparer.Ordinal) { [items[1]] = [items[2]] };
                    }
                    break;
            }
        }
        return null;
    }

    private static GoError Overlap(string locality) => GoError.Plain($"locality {locality} overlap with previous specified ones");

    private static string ReplaceFirst(string s, string old, string replacement)
    {
        var i = s.IndexOf(old, StringComparison.Ordinal);
        return i < 0 ? s : string.Concat(s.AsSpan(0, i), replacement, s.AsSpan(i + old.Length));
    }

    private static string Str(JsonObject o, string name) => o[name] is JsonValue v ? v.GetValue<string>() : "";

    private static long Int(JsonObject o, string name) => o[name] is JsonValue v ? v.GetValue<long>() : 0;

    /// <summary>A Duration field as nanoseconds (AsDuration; unset is 0).</summary>
    private static long DurationOf(JsonObject o, string name) =>
        o[name] is JsonValue v ? GoDuration.Parse(v.GetValue<string>(), out _) ?? 0 : 0;
}
