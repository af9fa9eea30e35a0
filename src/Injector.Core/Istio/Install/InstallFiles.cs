using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Istio.Install;

/// <summary>Reading install input files: size-limited, and every failure an <see cref="InstallInputException"/>
/// naming the file.</summary>
internal static class InstallFiles
{
    /// <summary>Larger than any install input; GoYaml refuses more than 3 MiB of YAML anyway.</summary>
    private const long MaxFileBytes = 8 * 1024 * 1024;

    public static string Read(string path, string role)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new InstallInputException($"{role} {path}: cannot read: no such file");
            if (info.Length > MaxFileBytes) throw new InstallInputException($"{role} {path}: larger than {MaxFileBytes} bytes");
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InstallInputException($"{role} {path}: cannot read: {e.Message}");
        }
    }

    /// <summary>The YAML as a tree, or null when it is not YAML (some templates are not).</summary>
    public static JsonNode? TryYaml(string text)
    {
        try
        {
            return GoYaml.ToJson(text);
        }
        catch (GoYamlException)
        {
            return null;
        }
    }

    /// <summary><c>data[key]</c> when the text is a whole ConfigMap (kind ConfigMap with a data map), else null.</summary>
    public static string? ConfigMapData(JsonNode? tree, string key, string role, string path)
    {
        if (tree is not JsonObject map || ValueTree.GetString(map, "kind") != "ConfigMap" || map["data"] is not JsonObject data) return null;
        if (data[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw new InstallInputException($"{role} {path}: ConfigMap {ValueTree.GetString(map, "metadata", "name")} has no data key \"{key}\"");
    }

    /// <summary>The values text parsed as a JSON object.</summary>
    public static JsonObject ParseValues(string text, string where)
    {
        JsonObject? values;
        try
        {
            values = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 128 }) as JsonObject;
            _ = values?.Count; // a repeated key fails here, when the members are first read
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw new InstallInputException($"{where}: the values are not JSON: {e.Message}");
        }
        return values ?? throw new InstallInputException($"{where}: the values are not a JSON object");
    }

    /// <summary>Checks that a config text is a YAML map (what istiod unmarshals into its injection Config).</summary>
    public static void CheckConfig(string text, string where)
    {
        JsonNode? tree;
        try
        {
            tree = GoYaml.ToJson(text);
        }
        catch (GoYamlException e)
        {
            throw new InstallInputException($"{where}: the injection config is not YAML: {e.Message}");
        }
        if (tree is not null and not JsonObject) throw new InstallInputException($"{where}: the injection config is not a YAML map");
    }
}
