using System.Text.Json.Nodes;
using Injector.Selectors;

namespace Injector.Revisions;

/// <summary>
/// The project's own revision YAML (<see cref="RevisionConfig"/>) as the IstioOperator document it stands for: each
/// key becomes the chart value or mesh field Istio reads for it, so a revision file is only a front end onto Istio's
/// install inputs, and both paths inject from the same model. <c>forbiddenAnnotations</c> has no Istio equivalent: it
/// stays a guard of this injector (<see cref="RevisionConfig.ForbiddenAnnotations"/>) and is not translated.
/// </summary>
public static class RevisionConfigOperator
{
    /// <summary>The IstioOperator document (JSON, which is YAML) for <paramref name="config"/>. Settings Istio has no
    /// place for are refused with <see cref="InvalidDataException"/> naming the key.</summary>
    /// <summary>Istio's cluster name when none is set (constants.DefaultClusterName).</summary>
    public const string DefaultClusterName = "Kubernetes";

    public static string ToOperatorDocument(RevisionConfig config, string source)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.ProxyInitResources is not null)
        {
            throw new InvalidDataException(source + ": proxyInitResources: Istio's template gives istio-init the proxy's resources "
                + "(global.proxy.resources and the sidecar.istio.io/proxyCPU... annotations); remove the key");
        }

        var proxy = new JsonObject
        {
            ["image"] = config.Image,
            ["autoInject"] = config.Policy,
            ["clusterDomain"] = config.ClusterDomain,
            ["holdApplicationUntilProxyStarts"] = config.HoldApplicationUntilProxyStarts,
            ["logLevel"] = config.LogLevel,
            ["componentLogLevel"] = config.ComponentLogLevel,
            ["statusPort"] = config.StatusPort,
            ["readinessInitialDelaySeconds"] = config.ReadinessInitialDelaySeconds,
            ["readinessPeriodSeconds"] = config.ReadinessPeriodSeconds,
            ["readinessFailureThreshold"] = config.ReadinessFailureThreshold,
            ["startupProbe"] = new JsonObject { ["failureThreshold"] = config.StartupProbeFailureThreshold },
            ["includeIPRanges"] = config.IncludeIpRanges,
            ["excludeIPRanges"] = config.ExcludeIpRanges,
            ["includeInboundPorts"] = config.IncludeInboundPorts,
            ["excludeInboundPorts"] = config.ExcludeInboundPorts,
            ["includeOutboundPorts"] = config.IncludeOutboundPorts,
            ["excludeOutboundPorts"] = config.ExcludeOutboundPorts,
            ["privileged"] = config.Privileged,
            ["enableCoreDump"] = config.EnableCoreDump,
            // The chart's default requests and limits are removed by explicit nulls, then the file's own are set:
            // `proxyResources: {}` (or null) means no resources at all, as it did before.
            ["resources"] = Resources(config.ProxyResources),
        };
        var global = new JsonObject
        {
            ["hub"] = config.Hub,
            ["tag"] = config.Tag,
            ["imagePullPolicy"] = config.ImagePullPolicy,
            ["imagePullSecrets"] = Strings(config.ImagePullSecrets),
            ["meshID"] = config.MeshId,
            ["network"] = config.Network,
            ["caAddress"] = config.CaAddress,
            // "Kubernetes" is Istio's own default (the templates' valueOrDefault): left unset, as an install that never
            // named its cluster leaves it. A set clusterName is an injection-URL-style proxy env to Istio, which moves
            // ISTIO_META_CLUSTER_ID to the end of the proxy's env.
            ["multiCluster"] = new JsonObject { ["clusterName"] = config.ClusterId == DefaultClusterName ? "" : config.ClusterId },
            ["logging"] = new JsonObject { ["level"] = config.AgentLogLevel },
            ["proxy"] = proxy,
            // One image for istio-proxy and istio-init, as this file has always meant it (Istio has two values).
            ["proxy_init"] = new JsonObject { ["image"] = config.Image },
        };
        var injector = new JsonObject
        {
            ["rewriteAppHTTPProbe"] = config.RewriteAppHttpProbe,
            ["neverInjectSelector"] = Selectors(config.NeverInjectSelector),
            ["alwaysInjectSelector"] = Selectors(config.AlwaysInjectSelector),
            ["injectedAnnotations"] = StringMap(config.InjectedAnnotations),
            ["defaultTemplates"] = Strings(config.DefaultTemplates),
        };
        var values = new JsonObject
        {
            ["global"] = global,
            ["sidecarInjectorWebhook"] = injector,
            ["pilot"] = new JsonObject
            {
                ["env"] = new JsonObject { ["ENABLE_NATIVE_SIDECARS"] = config.NativeSidecars ? "true" : "false" },
            },
        };
        var defaultConfig = new JsonObject
        {
            ["interceptionMode"] = config.InterceptionMode,
            ["statusPort"] = config.StatusPort,
        };
        if (config.DiscoveryAddress.Length > 0) defaultConfig["discoveryAddress"] = config.DiscoveryAddress;
        var spec = new JsonObject
        {
            ["revision"] = config.Revision == RevisionLoader.DefaultRevisionName ? "" : config.Revision,
            ["values"] = values,
            ["meshConfig"] = new JsonObject { ["trustDomain"] = config.TrustDomain, ["defaultConfig"] = defaultConfig },
            ["components"] = new JsonObject { ["cni"] = new JsonObject { ["enabled"] = config.Cni } },
        };
        var document = new JsonObject
        {
            ["apiVersion"] = "install.istio.io/v1alpha1",
            ["kind"] = "IstioOperator",
            ["spec"] = spec,
        };
        return document.ToJsonString();
    }

    private static JsonObject Resources(ContainerResourcesConfig? resources)
    {
        var result = new JsonObject { ["requests"] = null, ["limits"] = null };
        if (resources?.Requests is { Count: > 0 } requests) result["requests"] = StringMap(requests);
        if (resources?.Limits is { Count: > 0 } limits) result["limits"] = StringMap(limits);
        return result;
    }

    private static JsonArray Strings(IEnumerable<string>? items)
    {
        var array = new JsonArray();
        if (items is not null) foreach (var item in items) array.Add((JsonNode)JsonValue.Create(item));
        return array;
    }

    private static JsonObject StringMap(IEnumerable<KeyValuePair<string, string>>? map)
    {
        var result = new JsonObject();
        if (map is not null) foreach (var (key, value) in map) result[key] = value;
        return result;
    }

    private static JsonArray Selectors(IReadOnlyList<LabelSelector>? selectors)
    {
        var array = new JsonArray();
        if (selectors is null) return array;
        foreach (var selector in selectors)
        {
            var item = new JsonObject();
            if (selector.MatchLabels is { } labels) item["matchLabels"] = StringMap(labels);
            if (selector.MatchExpressions is { } expressions)
            {
                var list = new JsonArray();
                foreach (var requirement in expressions)
                {
                    var entry = new JsonObject { ["key"] = requirement.Key, ["operator"] = requirement.Operator };
                    if (requirement.Values is { } requirementValues) entry["values"] = Strings(requirementValues);
                    list.Add((JsonNode)entry);
                }
                item["matchExpressions"] = list;
            }
            array.Add((JsonNode)item);
        }
        return array;
    }
}
