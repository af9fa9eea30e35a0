using System.Text.Json.Nodes;
using Injector.Kube.Yaml;
using Injector.Limits;

namespace Injector.Istio.Mesh;

/// <summary>
/// pkg/config/mesh/mesh.go's merge rules over canonical messages: <c>ApplyMeshConfig</c> (every field of the text
/// overrides, except <c>defaultConfig</c>, which is merged field by field over the previous one, with
/// <c>proxyMetadata</c> merged key by key and <c>proxyHeaders</c> keeping the previous sub-fields the text leaves
/// out; <c>defaultProviders</c> merged field by field; <c>extensionProviders</c> merged by name;
/// <c>trustDomainAliases</c> united and sorted) and <c>MergeProxyConfig</c>.
/// </summary>
internal static class MeshConfigMerge
{
    /// <summary>Limits for pod-controlled text (the <c>proxy.istio.io/config</c> annotation): the engine's input limits.</summary>
    public static readonly GoYamlLimits AnnotationLimits = new()
    {
        MaxInputLength = InputLimits.MaxYamlChars,
        MaxDepth = InputLimits.MaxYamlDepth,
        MaxNodes = InputLimits.MaxYamlNodes,
        MaxScalarLength = InputLimits.MaxYamlExpandedChars,
        MaxRereadLength = InputLimits.MaxYamlChars,
    };

    /// <summary><c>yaml.YAMLToJSON</c> within <paramref name="limits"/>; YAML errors name the root.</summary>
    public static JsonNode? ReadYaml(string yaml, string root, GoYamlLimits limits)
    {
        try
        {
            return GoYaml.ToJson(yaml, limits);
        }
        catch (GoYamlException e)
        {
            throw new MeshConfigException(root + ": " + e.Message);
        }
    }

    public static JsonObject ApplyMeshConfig(JsonNode? input, JsonObject onto)
    {
        var mesh = (JsonObject)onto.DeepClone();
        var previousProxyConfig = mesh["defaultConfig"]?.DeepClone() as JsonObject;
        var previousProviders = mesh["defaultProviders"]?.DeepClone() as JsonObject;
        var previousExtensions = mesh["extensionProviders"]?.DeepClone() as JsonArray;
        var previousAliases = mesh["trustDomainAliases"]?.DeepClone() as JsonArray;

        // Every field overrides; defaultConfig is read over a fresh default here only to check it, then restored.
        mesh["defaultConfig"] = MeshDefaults.ProxyConfig();
        ProtoJsonReader.MergeMessage(mesh, input, ProtoCatalog.MeshConfig, "meshConfig");
        SetOrRemove(mesh, "defaultConfig", previousProxyConfig);

        // mesh.go re-reads the text as a map and takes "defaultConfig" and "defaultProviders" by these exact keys.
        var raw = input as JsonObject;
        if (raw?["defaultConfig"] is JsonNode proxyText && !ProtoJsonReader.IsNull(proxyText))
        {
            var pc = previousProxyConfig ?? [];
            MergeProxyConfig(proxyText, pc, "meshConfig.defaultConfig");
            mesh["defaultConfig"] = pc;
        }

        SetOrRemove(mesh, "defaultProviders", previousProviders);
        if (raw?["defaultProviders"] is JsonNode providersText && !ProtoJsonReader.IsNull(providersText))
        {
            var providers = previousProviders ?? [];
            var providersType = ProtoCatalog.MeshConfig.FieldByJsonName("defaultProviders")!.MessageType!;
            ProtoJsonReader.MergeMessage(providers, providersText, providersType, "meshConfig.defaultProviders");
            mesh["defaultProviders"] = providers;
        }

        MergeExtensionProviders(mesh, previousExtensions);
        UniteTrustDomainAliases(mesh, previousAliases);

        var problem = MeshValidation.ValidateMeshConfig(mesh);
        if (problem is not null) throw new MeshConfigException(problem);
        return ProtoJsonWriter.Ordered(mesh, ProtoCatalog.MeshConfig);
    }

    /// <summary><c>MergeProxyConfig</c>: the text over <paramref name="proxyConfig"/> (changed in place).</summary>
    public static void MergeProxyConfig(JsonNode? input, JsonObject proxyConfig, string path)
    {
        var originalMetadata = proxyConfig["proxyMetadata"]?.DeepClone() as JsonObject;
        var originalHeaders = proxyConfig["proxyHeaders"]?.DeepClone() as JsonObject;
        ProtoJsonReader.MergeMessage(proxyConfig, input, ProtoCatalog.ProxyConfig, path);

        // mergeMap: the previous metadata with the new keys over it.
        if (originalMetadata is not null && proxyConfig["proxyMetadata"] is JsonObject newMetadata && !ReferenceEquals(newMetadata, originalMetadata))
        {
            foreach (var (key, value) in newMetadata) originalMetadata[key] = value?.DeepClone();
            proxyConfig["proxyMetadata"] = originalMetadata;
        }
        else if (originalMetadata is not null)
        {
            proxyConfig["proxyMetadata"] = originalMetadata;
        }

        // correctProxyHeaders: a new proxyHeaders keeps each previous sub-message it leaves unset.
        if (originalHeaders is not null && proxyConfig["proxyHeaders"] is JsonObject headers)
        {
            foreach (var name in (string[])["forwardedClientCert", "requestId", "attemptCount", "server", "envoyDebugHeaders"])
            {
                if (!headers.ContainsKey(name) && originalHeaders[name] is JsonNode previous) headers[name] = previous.DeepClone();
            }
        }
    }

    /// <summary>Providers named in the text replace the provider (not the name) of the previous one with that name;
    /// new names are appended.</summary>
    private static void MergeExtensionProviders(JsonObject mesh, JsonArray? previous)
    {
        var incoming = mesh["extensionProviders"] as JsonArray;
        var merged = previous ?? [];
        if (incoming is not null)
        {
            var providerType = ProtoCatalog.MeshConfig.FieldByJsonName("extensionProviders")!.MessageType!;
            foreach (var item in incoming)
            {
                var provider = (JsonObject)item!;
                var name = provider["name"]?.GetValue<string>() ?? "";
                JsonObject? existing = null;
                foreach (var candidate in merged)
                {
                    if ((((JsonObject)candidate!)["name"]?.GetValue<string>() ?? "") == name)
                    {
                        existing = (JsonObject)candidate;
                        break;
                    }
                }
                if (existing is null)
                {
                    merged.Add(provider.DeepClone());
                    continue;
                }
                foreach (var member in providerType.OneofMembers("provider")) existing.Remove(member.JsonName);
                foreach (var member in providerType.OneofMembers("provider"))
                {
                    if (provider[member.JsonName] is JsonNode set) existing[member.JsonName] = set.DeepClone();
                }
            }
        }
        SetOrRemove(mesh, "extensionProviders", merged.Count > 0 ? merged : null);
    }

    /// <summary>sets.SortedList of the new aliases and the previous ones.</summary>
    private static void UniteTrustDomainAliases(JsonObject mesh, JsonArray? previous)
    {
        var all = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var list in new[] { mesh["trustDomainAliases"] as JsonArray, previous })
        {
            if (list is null) continue;
            foreach (var alias in list) all.Add(alias!.GetValue<string>());
        }
        var result = new JsonArray();
        foreach (var alias in all) result.Add((JsonNode?)JsonValue.Create(alias));
        SetOrRemove(mesh, "trustDomainAliases", result.Count > 0 ? result : null);
    }

    private static void SetOrRemove(JsonObject message, string name, JsonNode? value)
    {
        message.Remove(name);
        if (value is not null) message[name] = value;
    }
}
