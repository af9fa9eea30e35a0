using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Istio.Install;
using Injector.Tests.Support;
using Injector.Kube.Yaml;
using static Injector.Tests.Istio.Install.InstallTextsReader;

namespace Injector.Tests.Istio.Install;

/// <summary>Every install setting of tests/testdata/istio/explicit/cases.json is accepted, and each lands where
/// istiod reads it.</summary>
public sealed class ExplicitCasesTests
{
    private static readonly string CasesDir = Path.Combine(TestPaths.ExplicitCases, "cases");

    private sealed record Case(string Name, string[] Sets, string[] OperatorFiles);

    private static List<Case> Cases()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.ExplicitCases, "cases.json")))!.AsArray();
        return root.Select(c => new Case(
            (string)c!["name"]!,
            c["set"]!.AsArray().Select(s => (string)s!).ToArray(),
            c["operatorFiles"]!.AsArray().Select(s => (string)s!).ToArray())).ToList();
    }

    [Fact]
    public void EveryCaseIsAcceptedAndEverySettingLandsAtItsPath()
    {
        var cases = Cases();
        Assert.Equal(52, cases.Count);
        var checkedSets = 0;
        var checkedFileLeaves = 0;
        foreach (var c in cases)
        {
            var files = c.OperatorFiles.Select(f => Path.Combine(CasesDir, f)).ToArray();
            var texts = InstallInputs.FromOperator(files, c.Sets);
            var values = Values(texts);
            var mesh = MeshOf(texts);
            Assert.NotEmpty(Config(texts));
            foreach (var set in c.Sets)
            {
                var (path, raw) = Split(set);
                var (root, at) = Where(values, mesh, path);
                var actual = At(root, at, out var found);
                Assert.True(found, $"{c.Name}: {set} not found at {string.Join('.', at)}");
                Assert.True(Matches(actual, path, raw), $"{c.Name}: {set} gave {Text(actual)}");
                checkedSets++;
            }
            foreach (var file in files)
            {
                var spec = ((JsonObject)GoYaml.ToJson(File.ReadAllText(file))!)["spec"]!.AsObject();
                foreach (var (section, content) in spec)
                {
                    var root = section == "values" ? values : mesh;
                    foreach (var (leafPath, leaf) in Leaves(content, []))
                    {
                        var actual = At(root, leafPath, out var found);
                        if (leaf is null)
                        {
                            Assert.True(!found || actual is null, $"{c.Name}: {string.Join('.', leafPath)} should be null");
                        }
                        else
                        {
                            Assert.True(JsonNode.DeepEquals(leaf, actual), $"{c.Name}: {string.Join('.', leafPath)} = {Text(actual)}, want {Text(leaf)}");
                        }
                        checkedFileLeaves++;
                    }
                }
            }
        }
        Assert.Equal(cases.Sum(c => c.Sets.Length), checkedSets);
        Assert.True(checkedFileLeaves >= 12, $"only {checkedFileLeaves} file leaves checked");
    }

    [Fact]
    public void CaseSettingsChangeWhatTheyShould()
    {
        var cni = Values(InstallInputs.FromOperatorText([], ["components.cni.enabled=true", "values.cni.provider=multus"]));
        Assert.Equal(true, (bool?)At(cni, "pilot.cni.enabled"));
        Assert.Equal("multus", (string?)At(cni, "pilot.cni.provider"));
        var resources = Values(InstallInputs.FromOperator([Path.Combine(CasesDir, "proxy-resources-null.iop.yaml")], []));
        Assert.Equal("null", Text(At(resources, "global.proxy.resources.limits.cpu")));
        Assert.Equal("500Mi", (string?)At(resources, "global.proxy.resources.limits.memory"));
        var tracing = MeshOf(InstallInputs.FromOperator([Path.Combine(CasesDir, "57-hello-tracing-disabled.mesh.iop.yaml")], []));
        Assert.Equal("{}", Text(At(tracing, "defaultConfig.tracing")));
        Assert.Equal("istiod.istio-system.svc:15012", (string?)At(tracing, "defaultConfig.discoveryAddress"));
    }

    private static (string Path, string Raw) Split(string set)
    {
        var i = set.IndexOf('=');
        return (set[..i], set[(i + 1)..]);
    }

    /// <summary>Where istiod sees an istioctl path: values.global/sidecarInjectorWebhook/revision as they are,
    /// values.pilot.{cni,env} and values.cni (copied under the chart's top level) under pilot,
    /// components.cni.enabled as pilot.cni.enabled, meshConfig in the mesh text.</summary>
    private static (JsonObject Root, string[] Path) Where(JsonObject values, JsonObject mesh, string path)
    {
        var parts = path.Split('.');
        return parts[0] switch
        {
            "meshConfig" => (mesh, parts[1..]),
            "components" when path == "components.cni.enabled" => (values, ["pilot", "cni", "enabled"]),
            "values" when parts[1] is "global" or "sidecarInjectorWebhook" or "revision" => (values, parts[1..]),
            "values" when parts[1] == "pilot" && parts[2] is "cni" or "env" => (values, parts[1..]),
            "values" when parts[1] == "cni" => (values, ["pilot", .. parts[1..]]),
            _ => throw new InvalidOperationException("no mapping for " + path),
        };
    }

    /// <summary>The value a --set gives, typed as istioctl types it.</summary>
    private static bool Matches(JsonNode? actual, string path, string raw)
    {
        if (actual is not JsonValue v) return false;
        var alwaysString = path.StartsWith("meshConfig.defaultConfig.proxyMetadata.", StringComparison.Ordinal) || path == "values.global.tag";
        if (alwaysString) return v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == raw;
        if (long.TryParse(raw, out var integer)) return v.GetValueKind() == JsonValueKind.Number && v.GetValue<long>() == integer;
        if (raw is "true" or "false") return v.GetValueKind() == (raw == "true" ? JsonValueKind.True : JsonValueKind.False);
        return v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == raw;
    }

    private static IEnumerable<(string[] Path, JsonNode? Leaf)> Leaves(JsonNode? node, string[] prefix)
    {
        if (node is JsonObject map && map.Count > 0)
        {
            foreach (var (key, child) in map)
            {
                foreach (var leaf in Leaves(child, [.. prefix, key])) yield return leaf;
            }
            yield break;
        }
        yield return (prefix, node);
    }
}
