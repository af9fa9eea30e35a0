using System.Text.Json.Nodes;
using Injector.Istio.Install;
using Injector.Revisions;

namespace Injector.Kubernetes.InstallConfig;

/// <summary>
/// <c>serve --from-cluster</c>: the texts a running istiod of the revision reads, from its two ConfigMaps in the
/// install namespace — <c>istio-sidecar-injector[-REV]</c> (<c>config</c>, <c>values</c>) and <c>istio[-REV]</c>
/// (<c>mesh</c>; absent: the chart's default mesh). Two GETs and nothing else (<see cref="Rights"/>).
/// </summary>
internal sealed class ClusterRevisionSource(KubeApi api, string @namespace, string revision)
{
    public string Namespace { get; } = @namespace;
    public string Revision { get; } = revision;

    public string InjectorConfigMap => ConfigMapName("istio-sidecar-injector", Revision);
    public string MeshConfigMap => ConfigMapName("istio", Revision);

    /// <summary>The ConfigMaps' names for a revision: Istio's chart suffixes them with <c>-REV</c> except for the default.</summary>
    public static string ConfigMapName(string prefix, string revision) =>
        revision == RevisionLoader.DefaultRevisionName || revision.Length == 0 ? prefix : prefix + "-" + revision;

    /// <summary>The rights <see cref="ReadAsync"/> needs: get on the two ConfigMaps, by name.</summary>
    public static IReadOnlyList<ApiRight> Rights(string @namespace, string revision) =>
    [
        new("", "configmaps", ["get"], "read the revision's injection config, values and mesh config (serve --from-cluster), as istiod reads them")
        {
            Namespace = @namespace,
            ResourceNames = [ConfigMapName("istio-sidecar-injector", revision), ConfigMapName("istio", revision)],
        },
    ];

    /// <summary>Reads both ConfigMaps. Throws <see cref="InvalidDataException"/> naming the ConfigMap and key at fault,
    /// <see cref="KubeApiException"/> when the API server cannot be asked.</summary>
    public async Task<InstallTexts> ReadAsync(CancellationToken ct)
    {
        var injector = await api.GetAsync(Path(InjectorConfigMap), ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"ConfigMap {Namespace}/{InjectorConfigMap} does not exist");
        var mesh = await api.GetAsync(Path(MeshConfigMap), ct).ConfigureAwait(false);
        var config = Data(injector, "config", InjectorConfigMap) ?? throw Missing(InjectorConfigMap, "config");
        var values = Data(injector, "values", InjectorConfigMap) ?? throw Missing(InjectorConfigMap, "values");
        var meshText = mesh is null ? null : Data(mesh, "mesh", MeshConfigMap);
        var source = $"ConfigMaps {Namespace}/{InjectorConfigMap}" + (meshText is null ? "" : $" and {Namespace}/{MeshConfigMap}");
        try
        {
            return InstallInputs.FromConfigMapData(config, values, meshText, source);
        }
        catch (InstallInputException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    private string Path(string name) => "/api/v1/namespaces/" + Namespace + "/configmaps/" + name;

    private static string? Data(JsonObject configMap, string key, string name) => configMap["data"]?[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => throw new InvalidDataException($"ConfigMap {name}: data.{key} is not a string"),
    };

    private InvalidDataException Missing(string name, string key) => new($"ConfigMap {Namespace}/{name} has no data.{key}");
}
