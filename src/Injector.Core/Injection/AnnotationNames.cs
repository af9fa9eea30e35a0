namespace Injector.Injection;

/// <summary>Pod annotations and labels the engine reads or writes (Istio's names).</summary>
internal static class AnnotationNames
{
    public const string Status = "sidecar.istio.io/status";
    public const string Templates = "inject.istio.io/templates";
    public const string ProxyOverrides = "proxy.istio.io/overrides";
    public const string ProxyConfig = "proxy.istio.io/config";
    public const string ProxyImage = "sidecar.istio.io/proxyImage";
    public const string InterceptionMode = "sidecar.istio.io/interceptionMode";
    public const string LogLevel = "sidecar.istio.io/logLevel";
    public const string ComponentLogLevel = "sidecar.istio.io/componentLogLevel";
    public const string AgentLogLevel = "sidecar.istio.io/agentLogLevel";
    public const string EnableCoreDump = "sidecar.istio.io/enableCoreDump";
    public const string RewriteAppHttpProbers = "sidecar.istio.io/rewriteAppHTTPProbers";
    public const string ProxyCpu = "sidecar.istio.io/proxyCPU";
    public const string ProxyMemory = "sidecar.istio.io/proxyMemory";
    public const string ProxyCpuLimit = "sidecar.istio.io/proxyCPULimit";
    public const string ProxyMemoryLimit = "sidecar.istio.io/proxyMemoryLimit";
    public const string UserVolume = "sidecar.istio.io/userVolume";
    public const string UserVolumeMount = "sidecar.istio.io/userVolumeMount";
    public const string StatusPort = "status.sidecar.istio.io/port";
    public const string ReadinessInitialDelay = "readiness.status.sidecar.istio.io/initialDelaySeconds";
    public const string ReadinessPeriod = "readiness.status.sidecar.istio.io/periodSeconds";
    public const string ReadinessFailureThreshold = "readiness.status.sidecar.istio.io/failureThreshold";
    public const string ReadinessApplicationPorts = "readiness.status.sidecar.istio.io/applicationPorts";
    public const string IncludeOutboundIpRanges = "traffic.sidecar.istio.io/includeOutboundIPRanges";
    public const string ExcludeOutboundIpRanges = "traffic.sidecar.istio.io/excludeOutboundIPRanges";
    public const string IncludeInboundPorts = "traffic.sidecar.istio.io/includeInboundPorts";
    public const string ExcludeInboundPorts = "traffic.sidecar.istio.io/excludeInboundPorts";
    public const string IncludeOutboundPorts = "traffic.sidecar.istio.io/includeOutboundPorts";
    public const string ExcludeOutboundPorts = "traffic.sidecar.istio.io/excludeOutboundPorts";
    public const string ExcludeInterfaces = "traffic.sidecar.istio.io/excludeInterfaces";
    public const string KubevirtInterfaces = "traffic.sidecar.istio.io/kubevirtInterfaces";
    public const string RerouteVirtualInterfaces = "istio.io/reroute-virtual-interfaces";
    public const string Rev = "istio.io/rev";
    public const string DefaultContainer = "kubectl.kubernetes.io/default-container";
    public const string DefaultLogsContainer = "kubectl.kubernetes.io/default-logs-container";
    public const string PrometheusScrape = "prometheus.io/scrape";
    public const string PrometheusPort = "prometheus.io/port";
    public const string PrometheusPath = "prometheus.io/path";

    public const string TlsModeLabel = "security.istio.io/tlsMode";
    public const string TopologyNetworkLabel = "topology.istio.io/network";
    public const string CanonicalNameLabel = "service.istio.io/canonical-name";
    public const string CanonicalRevisionLabel = "service.istio.io/canonical-revision";
    public const string WorkloadNameLabel = "service.istio.io/workload-name";
    public const string PodTemplateHashLabel = "pod-template-hash";
    public const string DeploymentConfigLabel = "deploymentconfig";
}
