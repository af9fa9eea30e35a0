using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Selectors;
using Injector.Templates;

namespace Injector.Rendering;

/// <summary>
/// The injector ConfigMap's <c>config</c> key as istiod reads it (<c>inject.UnmarshalConfig</c>): policy, default
/// templates (<c>[sidecar]</c> when empty), aliases, never/always selectors, injected annotations, and every template
/// parsed once.
/// </summary>
public sealed class InjectionConfig
{
    internal InjectionConfig(
        string policy,
        IReadOnlyList<string> defaultTemplates,
        IReadOnlyDictionary<string, IReadOnlyList<string>> aliases,
        IReadOnlyList<LabelSelector> neverInjectSelector,
        IReadOnlyList<LabelSelector> alwaysInjectSelector,
        IReadOnlyDictionary<string, string> injectedAnnotations,
        IReadOnlyDictionary<string, GoTemplate> templates)
    {
        Policy = policy;
        DefaultTemplates = defaultTemplates;
        Aliases = aliases;
        NeverInjectSelector = neverInjectSelector;
        AlwaysInjectSelector = alwaysInjectSelector;
        InjectedAnnotations = injectedAnnotations;
        Templates = templates;
    }

    /// <summary><c>enabled</c> or <c>disabled</c>; anything else turns injection off (Istio logs it).</summary>
    public string Policy { get; }
    public IReadOnlyList<string> DefaultTemplates { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Aliases { get; }
    public IReadOnlyList<LabelSelector> NeverInjectSelector { get; }
    public IReadOnlyList<LabelSelector> AlwaysInjectSelector { get; }
    public IReadOnlyDictionary<string, string> InjectedAnnotations { get; }

    /// <summary>Templates by name, each parsed once (Go's top-level name is <c>inject</c>, as istiod names them).</summary>
    public IReadOnlyDictionary<string, GoTemplate> Templates { get; }

    /// <summary>Reads the config JSON (already YAML-decoded). <paramref name="parse"/> parses one template by name.</summary>
    internal static InjectionConfig Read(JsonNode? root, Func<string, string, GoTemplate> parse)
    {
        var obj = root as JsonObject ?? (root is null ? new JsonObject() : throw Bad("", "the config is not a mapping"));
        var policy = "";
        var defaults = new List<string>();
        var aliases = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var never = new List<LabelSelector>();
        var always = new List<LabelSelector>();
        var injected = new Dictionary<string, string>(StringComparer.Ordinal);
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            // encoding/json matches struct fields case-insensitively.
            switch (key.ToLowerInvariant())
            {
                case "policy":
                    policy = StringOf(value, key);
                    break;
                case "defaulttemplates":
                    defaults = StringList(value, key);
                    break;
                case "templates":
                    foreach (var (name, text) in ObjectOf(value, key)) raw[name] = StringOf(text, key + "." + name);
                    break;
                case "aliases":
                    foreach (var (name, list) in ObjectOf(value, key)) aliases[name] = StringList(list, key + "." + name);
                    break;
                case "neverinjectselector":
                    never = Selectors(value, key);
                    break;
                case "alwaysinjectselector":
                    always = Selectors(value, key);
                    break;
                case "injectedannotations":
                    foreach (var (name, text) in ObjectOf(value, key)) injected[name] = StringOf(text, key + "." + name);
                    break;
            }
        }
        if (defaults.Count == 0) defaults.Add("sidecar");
        var templates = new Dictionary<string, GoTemplate>(StringComparer.Ordinal);
        foreach (var (name, text) in raw) templates[name] = parse(name, text);
        return new InjectionConfig(policy, defaults, aliases, never, always, injected, templates);
    }

    private static InvalidDataException Bad(string key, string message) =>
        new("config" + (key.Length > 0 ? " key " + key : "") + ": " + message);

    private static string StringOf(JsonNode? node, string key) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Bad(key, "expected a string, found " + Describe(node)),
    };

    private static IEnumerable<KeyValuePair<string, JsonNode?>> ObjectOf(JsonNode? node, string key) => node switch
    {
        null => [],
        JsonObject o => o,
        _ => throw Bad(key, "expected a mapping, found " + Describe(node)),
    };

    private static List<string> StringList(JsonNode? node, string key)
    {
        if (node is null) return [];
        if (node is not JsonArray array) throw Bad(key, "expected a list of strings, found " + Describe(node));
        var list = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++) list.Add(StringOf(array[i], key + "[" + i + "]"));
        return list;
    }

    private static List<LabelSelector> Selectors(JsonNode? node, string key)
    {
        if (node is null) return [];
        if (node is not JsonArray array) throw Bad(key, "expected a list of label selectors, found " + Describe(node));
        var list = new List<LabelSelector>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var at = key + "[" + i + "]";
            var selector = new LabelSelector();
            foreach (var (field, value) in ObjectOf(array[i], at))
            {
                switch (field.ToLowerInvariant())
                {
                    case "matchlabels":
                        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                        foreach (var (k, v) in ObjectOf(value, at + ".matchLabels")) labels[k] = StringOf(v, at + ".matchLabels." + k);
                        selector.MatchLabels = labels;
                        break;
                    case "matchexpressions":
                        if (value is null) break;
                        if (value is not JsonArray expressions) throw Bad(at + ".matchExpressions", "expected a list");
                        selector.MatchExpressions = [];
                        for (var j = 0; j < expressions.Count; j++)
                        {
                            var e = at + ".matchExpressions[" + j + "]";
                            var requirement = new LabelSelectorRequirement();
                            foreach (var (rk, rv) in ObjectOf(expressions[j], e))
                            {
                                switch (rk.ToLowerInvariant())
                                {
                                    case "key": requirement.Key = StringOf(rv, e + ".key"); break;
                                    case "operator": requirement.Operator = StringOf(rv, e + ".operator"); break;
                                    case "values": requirement.Values = StringList(rv, e + ".values"); break;
                                }
                            }
                            selector.MatchExpressions.Add(requirement);
                        }
                        break;
                }
            }
            list.Add(selector);
        }
        return list;
    }

    private static string Describe(JsonNode node) => node switch
    {
        JsonObject => "a mapping",
        JsonArray => "a list",
        _ => node.GetValueKind().ToString().ToLowerInvariant(),
    };
}
