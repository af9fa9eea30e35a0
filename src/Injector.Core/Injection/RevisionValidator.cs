using System.Text.RegularExpressions;
using Injector.Revisions;
using Injector.Selectors;

namespace Injector.Injection;

/// <summary>One check per setting; collects every problem (not just the first), each naming the setting and value.</summary>
internal static partial class RevisionValidator
{
    public static List<string> Validate(RevisionConfig c)
    {
        var errors = new List<string>();
        void Bad(string key, object? value, string why) => errors.Add(key + " \"" + value + "\" " + why);

        if (!DnsLabel().IsMatch(c.Revision)) Bad("revision", c.Revision, "must be a DNS label (lowercase letters, digits, '-')");
        if (c.Policy is not ("enabled" or "disabled")) Bad("policy", c.Policy, "must be enabled or disabled");
        if (string.IsNullOrWhiteSpace(c.Image)) Bad("image", c.Image, "must not be empty");
        else if (!c.Image.Contains('/'))
        {
            if (string.IsNullOrWhiteSpace(c.Hub)) Bad("hub", c.Hub, "must not be empty when image is a short name");
            if (string.IsNullOrWhiteSpace(c.Tag)) Bad("tag", c.Tag, "must not be empty when image is a short name");
        }
        if (c.InterceptionMode is not ("REDIRECT" or "TPROXY" or "NONE")) Bad("interceptionMode", c.InterceptionMode, "must be REDIRECT, TPROXY or NONE");
        if (c.StatusPort is < 0 or > 65535) Bad("statusPort", c.StatusPort, "must be 0..65535 (0 disables the proxy probes)");
        if (c.ReadinessInitialDelaySeconds < 0) Bad("readinessInitialDelaySeconds", c.ReadinessInitialDelaySeconds, "must be >= 0");
        if (c.ReadinessPeriodSeconds < 0) Bad("readinessPeriodSeconds", c.ReadinessPeriodSeconds, "must be >= 0");
        if (c.ReadinessFailureThreshold < 0) Bad("readinessFailureThreshold", c.ReadinessFailureThreshold, "must be >= 0");
        if (c.StartupProbeFailureThreshold < 0) Bad("startupProbeFailureThreshold", c.StartupProbeFailureThreshold, "must be >= 0");
        if (!ValueSyntax.IsCidrList(c.IncludeIpRanges, allowStar: true)) Bad("includeIPRanges", c.IncludeIpRanges, "must be \"*\" or CIDRs");
        if (!ValueSyntax.IsCidrList(c.ExcludeIpRanges, allowStar: false)) Bad("excludeIPRanges", c.ExcludeIpRanges, "must be CIDRs");
        if (!ValueSyntax.IsPortList(c.IncludeInboundPorts, allowStar: true)) Bad("includeInboundPorts", c.IncludeInboundPorts, "must be \"*\" or ports");
        if (!ValueSyntax.IsPortList(c.ExcludeInboundPorts, allowStar: false)) Bad("excludeInboundPorts", c.ExcludeInboundPorts, "must be ports");
        if (!ValueSyntax.IsPortList(c.IncludeOutboundPorts, allowStar: false)) Bad("includeOutboundPorts", c.IncludeOutboundPorts, "must be ports");
        if (!ValueSyntax.IsPortList(c.ExcludeOutboundPorts, allowStar: false)) Bad("excludeOutboundPorts", c.ExcludeOutboundPorts, "must be ports");
        if (c.ImagePullPolicy is not ("" or "Always" or "IfNotPresent" or "Never")) Bad("imagePullPolicy", c.ImagePullPolicy, "must be Always, IfNotPresent or Never");
        if (string.IsNullOrWhiteSpace(c.ClusterId)) Bad("clusterID", c.ClusterId, "must not be empty");
        if (string.IsNullOrWhiteSpace(c.TrustDomain)) Bad("trustDomain", c.TrustDomain, "must not be empty");
        if (string.IsNullOrWhiteSpace(c.ClusterDomain)) Bad("clusterDomain", c.ClusterDomain, "must not be empty");
        // Both are spliced into grpc-simple's shell script and bootstrap JSON: only host-name characters are safe there.
        else if (!HostText().IsMatch(c.ClusterDomain)) Bad("clusterDomain", c.ClusterDomain, "must contain only letters, digits, '.', '-', '_'");
        if (c.DiscoveryAddress.Length > 0 && !HostText().IsMatch(c.DiscoveryAddress))
        {
            Bad("discoveryAddress", c.DiscoveryAddress, "must be host:port (letters, digits, '.', '-', '_', ':', '[', ']')");
        }
        CheckResources("proxyResources", c.ProxyResources, Bad);
        CheckResources("proxyInitResources", c.ProxyInitResources, Bad);
        CheckSelectors("neverInjectSelector", c.NeverInjectSelector, Bad);
        CheckSelectors("alwaysInjectSelector", c.AlwaysInjectSelector, Bad);
        if (c.DefaultTemplates is not null)
        {
            foreach (var t in c.DefaultTemplates)
            {
                if (TemplateNames.Problem(t) is { } problem) Bad("defaultTemplates", t, problem);
            }
            if (TemplateNames.AloneProblem(string.Join(',', c.DefaultTemplates)) is { } alone) Bad("defaultTemplates", string.Join(',', c.DefaultTemplates), alone);
        }
        if (c.InjectedAnnotations is not null)
        {
            foreach (var key in c.InjectedAnnotations.Keys)
            {
                if (string.IsNullOrWhiteSpace(key)) Bad("injectedAnnotations", key, "keys must not be empty");
            }
        }
        if (c.ForbiddenAnnotations is not null)
        {
            foreach (var key in c.ForbiddenAnnotations)
            {
                if (string.IsNullOrWhiteSpace(key)) Bad("forbiddenAnnotations", key, "entries must not be empty");
            }
        }
        if (c.ImagePullSecrets is not null)
        {
            foreach (var s in c.ImagePullSecrets)
            {
                if (string.IsNullOrWhiteSpace(s)) Bad("imagePullSecrets", s, "entries must not be empty");
            }
        }
        return errors;
    }

    private static void CheckResources(string key, ContainerResourcesConfig? r, Action<string, object?, string> bad)
    {
        if (r is null) return;
        foreach (var (section, map) in new[] { ("requests", r.Requests), ("limits", r.Limits) })
        {
            if (map is null) continue;
            foreach (var (name, value) in map)
            {
                if (!ValueSyntax.IsQuantity(value)) bad(key + "." + section + "." + name, value, "is not a Kubernetes quantity");
            }
        }
    }

    private static void CheckSelectors(string key, IReadOnlyList<LabelSelector>? selectors, Action<string, object?, string> bad)
    {
        if (selectors is null) return;
        foreach (var selector in selectors)
        {
            if (selector.MatchExpressions is null) continue;
            foreach (var e in selector.MatchExpressions)
            {
                if (e.Operator is not ("In" or "NotIn" or "Exists" or "DoesNotExist"))
                {
                    bad(key + ".matchExpressions.operator", e.Operator, "must be In, NotIn, Exists or DoesNotExist");
                }
                else if (e.Operator is "In" or "NotIn" && e.Values is not { Count: > 0 })
                {
                    bad(key + ".matchExpressions.values", e.Key, "must not be empty for In/NotIn");
                }
            }
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9._:\[\]-]+$")]
    private static partial Regex HostText();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
