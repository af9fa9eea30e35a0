using Injector.Selectors;
using YamlDotNet.Serialization;

namespace Injector.Revisions;

/// <summary>
/// A revision YAML file as YamlDotNet binds it (settable, so the source-generated reader can fill it), with the
/// defaults of every key left unset. Read by <see cref="RevisionConfigParser"/> and turned at once into the immutable
/// <see cref="RevisionConfig"/>; nothing else holds one. Unknown keys fail the parse (typo safety).
/// </summary>
[YamlSerializable]
public sealed class RevisionConfigDocument
{
    [YamlMember(Alias = "revision")] public string Revision { get; set; } = "default";
    [YamlMember(Alias = "hub")] public string Hub { get; set; } = "docker.io/istio";
    [YamlMember(Alias = "tag")] public string Tag { get; set; } = "1.28.0";

    /// <summary>Image name under <see cref="Hub"/>, or a full reference (contains '/') used as is.</summary>
    [YamlMember(Alias = "image")] public string Image { get; set; } = "proxyv2";

    /// <summary><c>enabled</c>: inject unless told not to; <c>disabled</c>: inject only when asked.</summary>
    [YamlMember(Alias = "policy")] public string Policy { get; set; } = "enabled";

    [YamlMember(Alias = "neverInjectSelector")] public List<LabelSelector>? NeverInjectSelector { get; set; }
    [YamlMember(Alias = "alwaysInjectSelector")] public List<LabelSelector>? AlwaysInjectSelector { get; set; }
    [YamlMember(Alias = "injectedAnnotations")] public Dictionary<string, string>? InjectedAnnotations { get; set; }

    [YamlMember(Alias = "clusterID")] public string ClusterId { get; set; } = "Kubernetes";
    [YamlMember(Alias = "meshID")] public string MeshId { get; set; } = "";
    [YamlMember(Alias = "trustDomain")] public string TrustDomain { get; set; } = "cluster.local";
    [YamlMember(Alias = "clusterDomain")] public string ClusterDomain { get; set; } = "cluster.local";
    [YamlMember(Alias = "network")] public string Network { get; set; } = "";

    /// <summary>Empty: <c>istiod.istio-system.svc:15012</c> for revision default, else <c>istiod-REV.istio-system.svc:15012</c>.</summary>
    [YamlMember(Alias = "discoveryAddress")] public string DiscoveryAddress { get; set; } = "";

    /// <summary>Empty: the discovery address.</summary>
    [YamlMember(Alias = "caAddress")] public string CaAddress { get; set; } = "";

    [YamlMember(Alias = "nativeSidecars")] public bool NativeSidecars { get; set; } = true;
    [YamlMember(Alias = "holdApplicationUntilProxyStarts")] public bool HoldApplicationUntilProxyStarts { get; set; }
    [YamlMember(Alias = "interceptionMode")] public string InterceptionMode { get; set; } = "REDIRECT";

    /// <summary>Istio's defaults unless set; <c>proxyResources: {}</c> writes no resources.</summary>
    [YamlMember(Alias = "proxyResources")] public ContainerResourcesDocument? ProxyResources { get; set; } = new()
    {
        Requests = new() { ["cpu"] = "100m", ["memory"] = "128Mi" },
        Limits = new() { ["cpu"] = "2", ["memory"] = "1Gi" },
    };
    [YamlMember(Alias = "proxyInitResources")] public ContainerResourcesDocument? ProxyInitResources { get; set; }

    [YamlMember(Alias = "logLevel")] public string LogLevel { get; set; } = "warning";
    [YamlMember(Alias = "componentLogLevel")] public string ComponentLogLevel { get; set; } = "misc:error";
    [YamlMember(Alias = "agentLogLevel")] public string AgentLogLevel { get; set; } = "default:info";

    [YamlMember(Alias = "statusPort")] public int StatusPort { get; set; } = 15020;
    [YamlMember(Alias = "readinessInitialDelaySeconds")] public int ReadinessInitialDelaySeconds { get; set; }
    [YamlMember(Alias = "readinessPeriodSeconds")] public int ReadinessPeriodSeconds { get; set; } = 15;
    [YamlMember(Alias = "readinessFailureThreshold")] public int ReadinessFailureThreshold { get; set; } = 4;
    [YamlMember(Alias = "startupProbeFailureThreshold")] public int StartupProbeFailureThreshold { get; set; } = 600;

    [YamlMember(Alias = "includeIPRanges")] public string IncludeIpRanges { get; set; } = "*";
    [YamlMember(Alias = "excludeIPRanges")] public string ExcludeIpRanges { get; set; } = "";
    [YamlMember(Alias = "includeInboundPorts")] public string IncludeInboundPorts { get; set; } = "*";
    [YamlMember(Alias = "excludeInboundPorts")] public string ExcludeInboundPorts { get; set; } = "";
    [YamlMember(Alias = "includeOutboundPorts")] public string IncludeOutboundPorts { get; set; } = "";
    [YamlMember(Alias = "excludeOutboundPorts")] public string ExcludeOutboundPorts { get; set; } = "";

    [YamlMember(Alias = "privileged")] public bool Privileged { get; set; }
    [YamlMember(Alias = "enableCoreDump")] public bool EnableCoreDump { get; set; }
    [YamlMember(Alias = "rewriteAppHTTPProbe")] public bool RewriteAppHttpProbe { get; set; } = true;

    /// <summary>Istio CNI owns the iptables rules: inject <c>istio-validation</c> instead of <c>istio-init</c>.</summary>
    [YamlMember(Alias = "cni")] public bool Cni { get; set; }

    /// <summary>Empty: leave the field out (the kubelet's default applies).</summary>
    [YamlMember(Alias = "imagePullPolicy")] public string ImagePullPolicy { get; set; } = "";
    [YamlMember(Alias = "imagePullSecrets")] public List<string>? ImagePullSecrets { get; set; }

    /// <summary>Templates applied when the pod names none (<c>inject.istio.io/templates</c>).</summary>
    [YamlMember(Alias = "defaultTemplates")] public List<string>? DefaultTemplates { get; set; }

    /// <summary>Annotation keys whose presence on a pod denies it (a guard istiod lacks).</summary>
    [YamlMember(Alias = "forbiddenAnnotations")] public List<string>? ForbiddenAnnotations { get; set; }
}
