using System.Globalization;
using System.Text.Json;
using Injector.Revisions;

namespace Injector.Injection;

/// <summary>
/// A revision compiled once at load: validated, immutable, shared by every request. Holds the resolved settings
/// and the pre-rendered UTF-8 segments of everything static (volumes, volume mounts, the fixed env block).
/// </summary>
public sealed class CompiledRevision
{
    private CompiledRevision(RevisionConfig config, string proxyConfigJson = "{}")
    {
        Config = config;
        ProxyConfigText = System.Text.Encoding.UTF8.GetBytes(proxyConfigJson + "\n");
        PolicyEnabled = config.Policy == "enabled";
        ProxyImage = config.Image.Contains('/') ? config.Image : config.Hub + "/" + config.Image + ":" + config.Tag;
        DiscoveryAddress = config.DiscoveryAddress.Length > 0
            ? config.DiscoveryAddress
            : config.Revision == "default" ? "istiod.istio-system.svc:15012" : "istiod-" + config.Revision + ".istio-system.svc:15012";
        CaAddress = config.CaAddress.Length > 0 ? config.CaAddress : DiscoveryAddress;
        MeshId = config.MeshId.Length > 0 ? config.MeshId : config.TrustDomain;
        StatusPortText = config.StatusPort.ToString(CultureInfo.InvariantCulture);
        DefaultTemplates = config.DefaultTemplates is { Count: > 0 } t ? [.. t] : [TemplateNames.Sidecar];
        DomainArg = "$(POD_NAMESPACE).svc." + config.ClusterDomain;
        ProxyLogLevelArg = "--proxyLogLevel=" + config.LogLevel;
        ComponentLogLevelArg = "--proxyComponentLogLevel=" + config.ComponentLogLevel;
        AgentLogLevelArg = "--log_output_level=" + config.AgentLogLevel;
        DebugPortArg = "--debug-port=" + StatusPortText;
        NameText = JsonEncodedText.Encode(config.Revision);
        StatusPortJson = JsonEncodedText.Encode(StatusPortText);
        MeshIdText = JsonEncodedText.Encode(MeshId);
        TrustDomainText = JsonEncodedText.Encode(config.TrustDomain);
        ClusterIdText = JsonEncodedText.Encode(config.ClusterId);
        InterceptionModeText = JsonEncodedText.Encode(config.InterceptionMode);
        Segments = TemplateSegments.Render(this);
        // Last: these render with the writers, which read the settings above.
        InjectedSets = InjectedSet.ForShapes(this);
        (DefaultInit, DefaultProxy) = DefaultShapes.Render(this);
    }

    // Arguments as rendered when no annotation overrides them (the common case allocates nothing for them).
    internal string DomainArg { get; }
    internal string ProxyLogLevelArg { get; }
    internal string ComponentLogLevelArg { get; }
    internal string AgentLogLevelArg { get; }
    internal string DebugPortArg { get; }

    /// <summary>The injected sets of pods without per-pod names, by template shape, computed here (see <see cref="InjectedSet.For"/>).</summary>
    internal InjectedSet[] InjectedSets { get; }

    /// <summary>istio-init / istio-proxy of pods that override nothing, rendered here (see <see cref="DefaultShapes"/>).</summary>
    internal byte[] DefaultInit { get; }
    internal DefaultShapes.ProxySegments DefaultProxy { get; }

    public string Name => Config.Revision;

    /// <summary><see cref="Name"/> and <see cref="StatusPortText"/> encoded once as JSON string values.</summary>
    internal JsonEncodedText NameText { get; }
    internal JsonEncodedText StatusPortJson { get; }

    /// <summary>Proxy env values as configured, encoded once (a pod or route override is encoded per request).</summary>
    internal JsonEncodedText MeshIdText { get; }
    internal JsonEncodedText TrustDomainText { get; }
    internal JsonEncodedText ClusterIdText { get; }
    internal JsonEncodedText InterceptionModeText { get; }
    public RevisionConfig Config { get; }
    internal bool PolicyEnabled { get; }
    internal string ProxyImage { get; }
    internal string DiscoveryAddress { get; }
    internal string CaAddress { get; }
    internal string MeshId { get; }
    internal string StatusPortText { get; }
    internal string[] DefaultTemplates { get; }
    internal TemplateSegments Segments { get; }

    /// <summary>Validates and pre-renders a revision. Throws <see cref="InvalidDataException"/> naming every bad setting.</summary>
    public static CompiledRevision Compile(RevisionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = RevisionValidator.Validate(config);
        if (errors.Count > 0)
        {
            throw new InvalidDataException("revision \"" + config.Revision + "\": " + string.Join("; ", errors));
        }
        return new CompiledRevision(config);
    }

    /// <summary>
    /// This revision with the mesh's PROXY_CONFIG: <paramref name="proxyConfigJson"/> is the compact protojson Istio's
    /// template prints for a pod without <c>proxy.istio.io/config</c> (the cleaned mesh ProxyConfig, e.g. a canary's
    /// <c>{"discoveryAddress":"istiod-canary.istio-system.svc:15012"}</c>), computed once by the mesh model at load.
    /// </summary>
    public CompiledRevision WithMeshProxyConfig(string proxyConfigJson)
    {
        ArgumentNullException.ThrowIfNull(proxyConfigJson);
        return new CompiledRevision(Config, proxyConfigJson);
    }

    /// <summary>PROXY_CONFIG's value for pods without <c>proxy.istio.io/config</c>, with istiod's trailing newline.</summary>
    internal byte[] ProxyConfigText { get; }
}
