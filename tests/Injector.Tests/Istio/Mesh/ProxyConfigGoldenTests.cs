using System.Text.Json.Nodes;
using Injector.Istio.Mesh;
using Injector.Kube.Yaml;
using Injector.Tests.Support;
using Xunit;

namespace Injector.Tests.Istio.Mesh;

/// <summary>
/// PROXY_CONFIG in Istio's goldens against <see cref="ProxyConfig.ToProtoJson"/>: for every injected workload of every
/// case, the mesh built from the case's settings (the chart's default <c>mesh</c> text with the case's
/// <c>meshConfig</c> from overlay files and <c>--set</c>), with the workload's own <c>proxy.istio.io/config</c>
/// annotation (read from the golden, which keeps it) applied both ways Istio does: the webhook's
/// EffectiveProxyConfig and kube-inject's ApplyProxyConfig.
/// </summary>
public class ProxyConfigGoldenTests
{
    /// <summary>The chart's <c>mesh</c> with default values (configmap.yaml: trustDomain, rootNamespace, prometheus
    /// provider, discoveryAddress; values.meshConfig's enablePrometheusMerge).</summary>
    private const string ChartMesh = """
        defaultConfig:
          discoveryAddress: istiod.istio-system.svc:15012
        defaultProviders:
          metrics:
          - prometheus
        enablePrometheusMerge: true
        rootNamespace: istio-system
        trustDomain: cluster.local
        """;

    public static TheoryData<string> ExplicitCases()
    {
        var data = new TheoryData<string>();
        var cases = (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.ExplicitCases, "cases.json")))!;
        foreach (var c in cases)
        {
            if (c!["golden"] is not null) data.Add(c["name"]!.GetValue<string>());
        }
        return data;
    }

    public static TheoryData<string> DefaultCases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestPaths.ParityCases, "*.injected").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ExplicitCases))]
    public void ExplicitCaseProxyConfigIsTheGoldens(string name)
    {
        var cases = (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.ExplicitCases, "cases.json")))!;
        var c = (JsonObject)cases.First(x => x!["name"]!.GetValue<string>() == name)!;
        var mesh = MeshOf(c);
        var golden = Path.Combine(TestPaths.ExplicitCases, "cases", c["golden"]!.GetValue<string>());
        CheckGolden(mesh, golden);
    }

    [Theory]
    [MemberData(nameof(DefaultCases))]
    public void DefaultCaseProxyConfigIsTheGoldens(string golden)
    {
        CheckGolden(MeshConfig.Apply(ChartMesh, MeshConfig.Default), Path.Combine(TestPaths.ParityCases, golden));
    }

    [Fact]
    public void EveryCaseThatSetsMeshConfigIsChecked()
    {
        var cases = (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.ExplicitCases, "cases.json")))!;
        var withMesh = cases.Where(c => c!["golden"] is not null && (MeshSets((JsonObject)c).Any()
            || ((JsonArray)c["operatorFiles"]!).Any(f => f!.GetValue<string>().Contains(".mesh.", StringComparison.Ordinal)))).ToList();
        Assert.Equal(6, withMesh.Count);
        foreach (var c in withMesh)
        {
            var golden = Path.Combine(TestPaths.ExplicitCases, "cases", c!["golden"]!.GetValue<string>());
            Assert.NotEmpty(Workloads(golden));
        }
    }

    [Fact]
    public void EveryProxyConfigInTheGoldensIsFound()
    {
        var files = Directory.GetFiles(TestPaths.ParityCases, "*.injected")
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.ExplicitCases, "cases"), "*.injected"));
        foreach (var file in files)
        {
            var occurrences = File.ReadAllLines(file).Count(l => l.Trim() == "- name: PROXY_CONFIG");
            Assert.True(occurrences == Workloads(file).Count, file);
        }
    }

    private static void CheckGolden(MeshConfig mesh, string golden)
    {
        foreach (var (annotation, expected) in Workloads(golden))
        {
            var webhook = mesh.EffectiveProxyConfig(annotation).ToProtoJson();
            Assert.Equal(expected, webhook);
            var kubeInject = annotation is null ? mesh.DefaultConfig : mesh.WithProxyConfigAnnotation(annotation).DefaultConfig;
            Assert.Equal(expected, kubeInject.ToProtoJson());
        }
    }

    /// <summary>The mesh a case's settings give: chart mesh, then overlay files' spec.meshConfig, then --set meshConfig.*.</summary>
    internal static MeshConfig MeshOf(JsonObject c)
    {
        var meshValues = (JsonObject)GoYaml.ToJson(ChartMesh)!;
        foreach (var file in (JsonArray)c["operatorFiles"]!)
        {
            var iop = GoYaml.ToJson(File.ReadAllText(Path.Combine(TestPaths.ExplicitCases, "cases", file!.GetValue<string>())))!;
            if (iop["spec"]?["meshConfig"] is JsonObject overlay) DeepMerge(meshValues, overlay);
        }
        foreach (var (path, value) in MeshSets(c))
        {
            var target = meshValues;
            var parts = path.Split('.');
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (target[parts[i]] is not JsonObject next) target[parts[i]] = next = [];
                target = next;
            }
            target[parts[^1]] = value switch
            {
                "true" => JsonValue.Create(true),
                "false" => JsonValue.Create(false),
                _ when long.TryParse(value, out var n) => JsonValue.Create(n),
                _ => JsonValue.Create(value),
            };
        }
        return MeshConfig.Apply(GoYaml.FromJson(meshValues), MeshConfig.Default);
    }

    private static IEnumerable<(string Path, string Value)> MeshSets(JsonObject c)
    {
        foreach (var set in (JsonArray)c["set"]!)
        {
            var text = set!.GetValue<string>();
            if (!text.StartsWith("meshConfig.", StringComparison.Ordinal)) continue;
            var eq = text.IndexOf('=');
            yield return (text["meshConfig.".Length..eq], text[(eq + 1)..]);
        }
    }

    private static void DeepMerge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from)
        {
            if (value is JsonObject o && into[key] is JsonObject existing && o.Count > 0) DeepMerge(existing, o);
            else into[key] = value?.DeepClone();
        }
    }

    /// <summary>Each injected workload in a golden: its proxy.istio.io/config annotation and its PROXY_CONFIG.</summary>
    internal static List<(string? Annotation, string ProxyConfig)> Workloads(string golden)
    {
        var result = new List<(string?, string)>();
        foreach (var document in File.ReadAllText(golden).Split("\n---", StringSplitOptions.RemoveEmptyEntries))
        {
            if (GoYaml.ToJson(document) is JsonObject root) Collect(root, result);
        }
        return result;
    }

    private static void Collect(JsonNode? node, List<(string?, string)> result)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["spec"] is JsonObject spec && obj["metadata"] is JsonObject metadata && ProxyConfigEnv(spec) is { } value)
                {
                    result.Add((metadata["annotations"]?["proxy.istio.io/config"]?.GetValue<string>(), value.TrimEnd('\n')));
                }
                foreach (var (_, child) in obj) Collect(child, result);
                break;
            case JsonArray array:
                foreach (var item in array) Collect(item, result);
                break;
        }
    }

    private static string? ProxyConfigEnv(JsonObject spec)
    {
        foreach (var list in new[] { spec["initContainers"], spec["containers"] })
        {
            if (list is not JsonArray containers) continue;
            foreach (var container in containers)
            {
                if (container?["name"]?.GetValue<string>() != "istio-proxy" || container["env"] is not JsonArray env) continue;
                foreach (var e in env)
                {
                    if (e?["name"]?.GetValue<string>() == "PROXY_CONFIG") return e["value"]?.GetValue<string>();
                }
            }
        }
        return null;
    }
}
