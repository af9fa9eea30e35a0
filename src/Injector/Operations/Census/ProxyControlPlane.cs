using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Istio;
using Injector.Workloads;

namespace Injector.Operations.Census;

/// <summary>
/// Which control plane a running pod's proxy is attached to: the <c>discoveryAddress</c> its agent ends up with, in
/// pilot-agent's precedence (the mesh default, then the <c>PROXY_CONFIG</c> env of <c>istio-proxy</c>, then the pod's
/// <c>proxy.istio.io/config</c> annotation). Pure; reads the pod object only.
/// </summary>
internal static class ProxyControlPlane
{
    /// <summary>Larger proxy configs are not parsed (the address is then the one found before): a bound on the work per pod.</summary>
    public const int MaxConfigLength = 64 * 1024;

    /// <summary>The discovery address, or null when the pod has no <c>istio-proxy</c> container (not in the mesh).</summary>
    public static string? Address(JsonObject pod)
    {
        if (ProxyContainer(pod) is not { } proxy) return null;
        var address = IstioNames.DefaultDiscoveryAddress;
        if (proxy["env"] is JsonArray env)
        {
            foreach (var item in env)
            {
                if (JsonFields.String(item?["name"]) == IstioNames.ProxyConfigEnv && DiscoveryAddressIn(JsonFields.String(item?["value"])) is { } fromEnv)
                {
                    address = fromEnv;
                }
            }
        }
        if (JsonFields.Annotations(pod).TryGetValue(IstioNames.ProxyConfigAnnotation, out var annotation)
            && DiscoveryAddressIn(annotation) is { } fromAnnotation)
        {
            address = fromAnnotation;
        }
        return address;
    }

    /// <summary>The proxy container: a sidecar in <c>containers</c> or, with native sidecars, in <c>initContainers</c>.</summary>
    public static JsonObject? ProxyContainer(JsonObject pod)
    {
        foreach (var list in (ReadOnlySpan<string>)["containers", "initContainers"])
        {
            if (pod["spec"]?[list] is not JsonArray containers) continue;
            foreach (var container in containers)
            {
                if (container is JsonObject c && JsonFields.String(c["name"]) == IstioNames.ProxyContainer) return c;
            }
        }
        return null;
    }

    /// <summary>A ProxyConfig's <c>discoveryAddress</c> (JSON or YAML text); null when absent, empty, or unreadable.</summary>
    private static string? DiscoveryAddressIn(string? config)
    {
        if (string.IsNullOrWhiteSpace(config) || config.Length > MaxConfigLength) return null;
        try
        {
            var documents = ManifestYamlReader.ReadDocuments(config);
            return documents.Count > 0 && documents[0] is JsonObject o && JsonFields.String(o["discoveryAddress"]) is { Length: > 0 } address ? address : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
