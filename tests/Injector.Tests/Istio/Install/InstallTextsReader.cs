using System.Text.Json.Nodes;
using Injector.Istio.Install;
using Injector.Kube.Yaml;

namespace Injector.Tests.Istio.Install;

/// <summary>The three texts parsed back as istiod parses them (JSON, YAML, YAML).</summary>
internal static class InstallTextsReader
{
    public static JsonObject Values(InstallTexts texts) => (JsonObject)JsonNode.Parse(texts.ValuesJson)!;

    public static JsonObject Config(InstallTexts texts) => (JsonObject)GoYaml.ToJson(texts.ConfigYaml)!;

    public static JsonObject MeshOf(InstallTexts texts) => (JsonObject)GoYaml.ToJson(texts.MeshYaml)!;

    /// <summary>The node at a dotted path of map keys; <paramref name="found"/> says whether every key exists.</summary>
    public static JsonNode? At(JsonNode? root, IEnumerable<string> path, out bool found)
    {
        var current = root;
        foreach (var key in path)
        {
            if (current is not JsonObject map || !map.TryGetPropertyValue(key, out current))
            {
                found = false;
                return null;
            }
        }
        found = true;
        return current;
    }

    public static JsonNode? At(JsonNode? root, string dottedPath) => At(root, dottedPath.Split('.'), out _);

    public static string Text(JsonNode? node) => node is null ? "null" : node.ToJsonString();
}
