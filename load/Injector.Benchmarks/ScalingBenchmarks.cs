using System.Buffers;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;

namespace Injector.Benchmarks;

/// <summary>
/// Does the request path stay linear? The fixture pod grown to N containers (each with a named port and two probes,
/// as in the corpus) or to N app env vars, through <see cref="TemplatePath"/>. Doubling N should at most double Mean
/// and Allocated: compare rows, not absolute numbers (run on an idle machine; see docs/performance.md).
/// </summary>
[MemoryDiagnoser]
public class ScalingBenchmarks
{
    private readonly ArrayBufferWriter<byte> _response = new(256 * 1024);
    private TemplatePath _templates = null!;
    private byte[] _body = [];

    [Params("containers-10", "containers-20", "containers-40", "containers-80", "env-1000", "env-2000", "env-4000")]
    public string Pod { get; set; } = "containers-10";

    [GlobalSetup]
    public void Setup()
    {
        var (shape, count) = (Pod[..Pod.LastIndexOf('-')], int.Parse(Pod[(Pod.LastIndexOf('-') + 1)..]));
        var review = JsonNode.Parse(Corpus.Read("fixture"))!;
        var spec = review["request"]!["object"]!["spec"]!;
        var template = spec["containers"]![0]!;
        if (shape == "containers")
        {
            var containers = new JsonArray();
            for (var i = 0; i < count; i++) containers.Add(AppContainer(template, i));
            spec["containers"] = containers;
        }
        else
        {
            var env = new JsonArray();
            for (var i = 0; i < count; i++) env.Add(new JsonObject { ["name"] = $"ENV_{i:D4}", ["value"] = $"value-{i:D4}-" + new string('x', 40) });
            template["env"] = env;
        }
        _body = System.Text.Encoding.UTF8.GetBytes(review.ToJsonString());
        _templates = new TemplatePath();
        _templates.Handle(_body, Reset());
        Console.WriteLine($"// {Pod}: {_body.Length} bytes in; injector outcome {_templates.LastOutcome}, {_response.WrittenCount} bytes out");
    }

    [Benchmark(Description = "injector (compiled templates)")]
    public int Templates()
    {
        _templates.Handle(_body, Reset());
        return _response.WrittenCount;
    }

    private static JsonNode AppContainer(JsonNode template, int i)
    {
        var c = template.DeepClone();
        c["name"] = $"app-{i}";
        c["image"] = $"registry.invalid/demo-{i}:1";
        c["ports"] = new JsonArray(new JsonObject { ["name"] = $"http-{i}", ["containerPort"] = 8000 + i, ["protocol"] = "TCP" });
        c["livenessProbe"] = Probe($"http-{i}", "/healthz");
        c["readinessProbe"] = Probe($"http-{i}", "/ready");
        return c;
    }

    private static JsonObject Probe(string port, string path) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = port, ["scheme"] = "HTTP" },
        ["timeoutSeconds"] = 1, ["periodSeconds"] = 10, ["successThreshold"] = 1, ["failureThreshold"] = 3,
    };

    private ArrayBufferWriter<byte> Reset()
    {
        _response.ResetWrittenCount();
        return _response;
    }
}
