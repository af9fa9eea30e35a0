using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Istio.Install;

/// <summary>The embedded copy of Istio's istio-discovery chart and istioctl profiles (Chart/README.md).</summary>
internal static class ChartResources
{
    // Read on first use by install inputs (at load, never by a request), and only for names the assembly embeds, so
    // it holds at most the chart's files whatever names values or profiles ask for.
    private static readonly FrozenSet<string> Embedded =
        typeof(ChartResources).Assembly.GetManifestResourceNames().ToFrozenSet(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Texts = new(StringComparer.Ordinal);

    /// <summary>The injection templates the chart's injector ConfigMap adds unless values name them, in its
    /// order, with their files.</summary>
    public static readonly (string Name, string File)[] StockTemplates =
    [
        ("sidecar", "injection-template.yaml"),
        ("gateway", "gateway-injection-template.yaml"),
        ("grpc-simple", "grpc-simple.yaml"),
        ("grpc-agent", "grpc-agent.yaml"),
        ("waypoint", "waypoint.yaml"),
        ("kube-gateway", "kube-gateway.yaml"),
        ("agentgateway", "agentgateway.yaml"),
        ("agentgateway-waypoint", "agentgateway-waypoint.yaml"),
    ];

    /// <summary>The resource text, or null when the chart has no such file.</summary>
    public static string? Find(string logicalName) => !Embedded.Contains("istio-chart/" + logicalName) ? null : Texts.GetOrAdd(logicalName, static name =>
    {
        using var stream = typeof(ChartResources).Assembly.GetManifestResourceStream("istio-chart/" + name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Get(string logicalName) =>
        Find(logicalName) ?? throw new InvalidOperationException($"embedded chart file istio-chart/{logicalName} is missing");

    /// <summary>A chart file under files/ (a template or a chart profile).</summary>
    public static string? ChartFile(string name) => Find("files/" + name);

    /// <summary>A fresh copy of the chart's defaults: values.yaml's <c>_internal_defaults_do_not_set</c>.</summary>
    public static JsonObject ChartDefaults() => (JsonObject)DefaultsTree.Value["_internal_defaults_do_not_set"]!.DeepClone();

    // Load-time only: the embedded values.yaml parsed once (install inputs; no request input).
    private static readonly Lazy<JsonObject> DefaultsTree = new(() => (JsonObject)GoYaml.ToJson(Get("values.yaml"))!);

    /// <summary>The chart defaults, shared and read-only (for the schema's values.yaml widening).</summary>
    public static JsonObject SharedChartDefaults => SharedDefaults.Value;

    private static readonly Lazy<JsonObject> SharedDefaults = new(ChartDefaults);

    /// <summary>An istioctl profile (manifests/profiles/NAME.yaml) as a tree, or null when there is none.</summary>
    public static JsonObject? OperatorProfile(string name)
    {
        if (name.Length == 0 || name.Contains('/') || name.Contains('\\')) return null;
        var text = Find("profiles/" + name + ".yaml");
        return text is null ? null : GoYaml.ToJson(text) as JsonObject ?? new JsonObject();
    }
}
