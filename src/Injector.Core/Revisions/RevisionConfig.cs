using Injector.Selectors;

namespace Injector.Revisions;

/// <summary>
/// One revision's settings, as written in its YAML file (<see cref="RevisionConfigDocument"/> has the keys and their
/// defaults). Keys follow Istio's chart values where one exists. Immutable once read: a changed setting is a copy
/// (<c>with</c>). Owned by the injection engine: each setting here is consumed (and validated) by
/// <see cref="Injection.CompiledRevision.Compile"/>.
/// </summary>
public sealed record RevisionConfig
{
    private RevisionConfig()
    {
    }

    public required string Revision { get; init; }
    public required string Hub { get; init; }
    public required string Tag { get; init; }

    /// <summary>Image name under <see cref="Hub"/>, or a full reference (contains '/') used as is.</summary>
    public required string Image { get; init; }

    /// <summary><c>enabled</c>: inject unless told not to; <c>disabled</c>: inject only when asked.</summary>
    public required string Policy { get; init; }
    public IReadOnlyList<LabelSelector>? NeverInjectSelector { get; init; }
    public IReadOnlyList<LabelSelector>? AlwaysInjectSelector { get; init; }
    public IReadOnlyDictionary<string, string>? InjectedAnnotations { get; init; }
    public required string ClusterId { get; init; }
    public required string MeshId { get; init; }
    public required string TrustDomain { get; init; }
    public required string ClusterDomain { get; init; }
    public required string Network { get; init; }

    /// <summary>Empty: <c>istiod.istio-system.svc:15012</c> for revision default, else <c>istiod-REV.istio-system.svc:15012</c>.</summary>
    public required string DiscoveryAddress { get; init; }

    /// <summary>Empty: the discovery address.</summary>
    public required string CaAddress { get; init; }
    public bool NativeSidecars { get; init; }
    public bool HoldApplicationUntilProxyStarts { get; init; }
    public required string InterceptionMode { get; init; }

    /// <summary>Istio's defaults unless set; <c>proxyResources: {}</c> writes no resources.</summary>
    public ContainerResourcesConfig? ProxyResources { get; init; }
    public ContainerResourcesConfig? ProxyInitResources { get; init; }
    public required string LogLevel { get; init; }
    public required string ComponentLogLevel { get; init; }
    public required string AgentLogLevel { get; init; }
    public int StatusPort { get; init; }
    public int ReadinessInitialDelaySeconds { get; init; }
    public int ReadinessPeriodSeconds { get; init; }
    public int ReadinessFailureThreshold { get; init; }
    public int StartupProbeFailureThreshold { get; init; }
    public required string IncludeIpRanges { get; init; }
    public required string ExcludeIpRanges { get; init; }
    public required string IncludeInboundPorts { get; init; }
    public required string ExcludeInboundPorts { get; init; }
    public required string IncludeOutboundPorts { get; init; }
    public required string ExcludeOutboundPorts { get; init; }
    public bool Privileged { get; init; }
    public bool EnableCoreDump { get; init; }
    public bool RewriteAppHttpProbe { get; init; }

    /// <summary>Istio CNI owns the iptables rules: inject <c>istio-validation</c> instead of <c>istio-init</c>.</summary>
    public bool Cni { get; init; }

    /// <summary>Empty: leave the field out (the kubelet's default applies).</summary>
    public required string ImagePullPolicy { get; init; }
    public IReadOnlyList<string>? ImagePullSecrets { get; init; }

    /// <summary>Templates applied when the pod names none (<c>inject.istio.io/templates</c>).</summary>
    public IReadOnlyList<string>? DefaultTemplates { get; init; }

    /// <summary>Annotation keys whose presence on a pod denies it (a guard istiod lacks).</summary>
    public IReadOnlyList<string>? ForbiddenAnnotations { get; init; }

    /// <summary>The settings a parsed document states (lists and maps copied: the document stays the reader's).</summary>
    internal static RevisionConfig From(RevisionConfigDocument d) => new()
    {
        Revision = d.Revision,
        Hub = d.Hub,
        Tag = d.Tag,
        Image = d.Image,
        Policy = d.Policy,
        NeverInjectSelector = d.NeverInjectSelector is { } neverInjectSelector ? [.. neverInjectSelector] : null,
        AlwaysInjectSelector = d.AlwaysInjectSelector is { } alwaysInjectSelector ? [.. alwaysInjectSelector] : null,
        InjectedAnnotations = d.InjectedAnnotations is { } injectedAnnotations ? new Dictionary<string, string>(injectedAnnotations) : null,
        ClusterId = d.ClusterId,
        MeshId = d.MeshId,
        TrustDomain = d.TrustDomain,
        ClusterDomain = d.ClusterDomain,
        Network = d.Network,
        DiscoveryAddress = d.DiscoveryAddress,
        CaAddress = d.CaAddress,
        NativeSidecars = d.NativeSidecars,
        HoldApplicationUntilProxyStarts = d.HoldApplicationUntilProxyStarts,
        InterceptionMode = d.InterceptionMode,
        ProxyResources = ContainerResourcesConfig.From(d.ProxyResources),
        ProxyInitResources = ContainerResourcesConfig.From(d.ProxyInitResources),
        LogLevel = d.LogLevel,
        ComponentLogLevel = d.ComponentLogLevel,
        AgentLogLevel = d.AgentLogLevel,
        StatusPort = d.StatusPort,
        ReadinessInitialDelaySeconds = d.ReadinessInitialDelaySeconds,
        ReadinessPeriodSeconds = d.ReadinessPeriodSeconds,
        ReadinessFailureThreshold = d.ReadinessFailureThreshold,
        StartupProbeFailureThreshold = d.StartupProbeFailureThreshold,
        IncludeIpRanges = d.IncludeIpRanges,
        ExcludeIpRanges = d.ExcludeIpRanges,
        IncludeInboundPorts = d.IncludeInboundPorts,
        ExcludeInboundPorts = d.ExcludeInboundPorts,
        IncludeOutboundPorts = d.IncludeOutboundPorts,
        ExcludeOutboundPorts = d.ExcludeOutboundPorts,
        Privileged = d.Privileged,
        EnableCoreDump = d.EnableCoreDump,
        RewriteAppHttpProbe = d.RewriteAppHttpProbe,
        Cni = d.Cni,
        ImagePullPolicy = d.ImagePullPolicy,
        ImagePullSecrets = d.ImagePullSecrets is { } imagePullSecrets ? [.. imagePullSecrets] : null,
        DefaultTemplates = d.DefaultTemplates is { } defaultTemplates ? [.. defaultTemplates] : null,
        ForbiddenAnnotations = d.ForbiddenAnnotations is { } forbiddenAnnotations ? [.. forbiddenAnnotations] : null,
    };
}
