using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Tests.Parity;
using Injector.Tests.Support;

namespace Injector.Tests.Kube.Normalization;

/// <summary>Every pod the tests have: the kube-apiserver captures (already written by Go from the same types, so
/// normalization must give back their exact bytes) and the Istio cases converted to pods (idempotent, and nothing a
/// Go struct keeps is lost).</summary>
public sealed class NormalizationCorpusTests
{
    public static TheoryData<string> Captures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(TestPaths.FixtureDirectory, "*.json").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    public static TheoryData<string> IstioCases()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(TestPaths.ParityCases, "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    // The captures come from kube-apiserver v1.32, whose ObjectMeta had no omitzero on creationTimestamp (added in
    // k8s.io/apimachinery 0.33 and honoured by Go 1.24+), so it wrote "creationTimestamp":null; v0.36 drops it.
    private const string NullCreationTimestamp = "\"creationTimestamp\":null,";

    [Theory]
    [MemberData(nameof(Captures))]
    public void An_api_server_pod_is_already_normal_to_the_byte(string fixture)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Fixture(fixture)));
        var raw = Compact(document.RootElement.GetProperty("request").GetProperty("object").GetRawText());
        Assert.Contains(NullCreationTimestamp, raw, StringComparison.Ordinal);
        var normalized = PodNormalizer.Normalize(JsonNode.Parse(raw));
        Assert.Equal(raw.Replace(NullCreationTimestamp, "", StringComparison.Ordinal), Encoding.UTF8.GetString(GoJson.Serialize(normalized)));
    }

    // Whitespace outside strings removed, escapes untouched (one capture was stored indented).
    private static string Compact(string json)
    {
        var sb = new StringBuilder(json.Length);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\') sb.Append(json[++i]);
                else if (c == '"') inString = false;
            }
            else if (c == '"')
            {
                inString = true;
                sb.Append(c);
            }
            else if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    [Theory]
    [MemberData(nameof(IstioCases))]
    public void Istio_case_pods_normalize_idempotently_and_keep_what_go_keeps(string file)
    {
        foreach (var pod in WorkloadPods.FromYaml(File.ReadAllText(Path.Combine(TestPaths.ParityCases, file))))
        {
            var once = PodNormalizer.Normalize(pod.Pod);
            var twice = PodNormalizer.Normalize(once);
            Assert.True(JsonNode.DeepEquals(once, twice), $"{file}/{pod.Name}: not idempotent");
            Assert.Equal(GoJson.Serialize(once), GoJson.Serialize(twice));
            var lost = KeptValues.Lost(pod.Pod, once);
            Assert.True(lost.Count == 0, $"{file}/{pod.Name} lost: {string.Join(", ", lost)}");
        }
    }

    [Fact]
    public void The_istio_corpus_exercises_quantities_and_probes()
    {
        var pods = Directory.EnumerateFiles(TestPaths.ParityCases, "*.yaml")
            .SelectMany(f => WorkloadPods.FromYaml(File.ReadAllText(f)))
            .Select(p => PodNormalizer.Normalize(p.Pod).ToJsonString())
            .ToList();
        Assert.Contains(pods, p => p.Contains("\"limits\"", StringComparison.Ordinal));
        Assert.Contains(pods, p => p.Contains("\"readinessProbe\"", StringComparison.Ordinal));
        Assert.All(pods, p => Assert.DoesNotContain("creationTimestamp", p, StringComparison.Ordinal));
    }
}
