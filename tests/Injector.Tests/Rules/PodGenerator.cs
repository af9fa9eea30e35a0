using System.Text.Json.Nodes;

namespace Injector.Tests.Rules;

/// <summary>
/// Seeded random pods: DNS-label names, app containers with ports and probes of every kind, sometimes user init
/// containers, labels and annotations. Each test adds what its rule is about on top.
/// </summary>
internal sealed class PodGenerator(int seed)
{
    public Random Random { get; } = new(seed);

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public string Name(int min = 1, int max = 20)
    {
        var length = Random.Next(min, max + 1);
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = Alphabet[Random.Next(i == 0 ? 26 : Alphabet.Length)];
        return new string(chars);
    }

    public T Pick<T>(params T[] items) => items[Random.Next(items.Length)];

    public bool Chance(double p) => Random.NextDouble() < p;

    public JsonObject Probe(int port)
    {
        var probe = new JsonObject();
        switch (Random.Next(4))
        {
            case 0: probe["httpGet"] = new JsonObject { ["path"] = "/" + Name(0, 8), ["port"] = port }; break;
            case 1: probe["tcpSocket"] = new JsonObject { ["port"] = port }; break;
            case 2: probe["grpc"] = new JsonObject { ["port"] = port }; break;
            default: probe["exec"] = new JsonObject { ["command"] = new JsonArray("true") }; break;
        }
        if (Chance(0.5)) probe["periodSeconds"] = Random.Next(1, 30);
        return probe;
    }

    public JsonObject Container(string name)
    {
        var port = Random.Next(1024, 9000);
        var container = new JsonObject { ["name"] = name, ["image"] = "example.com/" + Name(1, 8) + ":1" };
        if (Chance(0.7)) container["ports"] = new JsonArray(new JsonObject { ["containerPort"] = port, ["name"] = "http-" + Name(1, 5) });
        if (Chance(0.5)) container["readinessProbe"] = Probe(port);
        if (Chance(0.4)) container["livenessProbe"] = Probe(port);
        if (Chance(0.2)) container["startupProbe"] = Probe(port);
        return container;
    }

    /// <summary>A pod with 1-3 app containers (unique names) and a fixed name (so the workload is the pod).</summary>
    public JsonObject Pod(string? name = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var count = Random.Next(1, 4);
        while (names.Count < count) names.Add(Name(1, 10));
        var containers = new JsonArray();
        foreach (var n in names) containers.Add(Container(n));
        var labels = new JsonObject();
        if (Chance(0.5)) labels["app"] = Name(1, 12);
        if (Chance(0.3)) labels["version"] = "v" + Random.Next(1, 9);
        var spec = new JsonObject { ["containers"] = containers };
        if (Chance(0.2)) spec["volumes"] = new JsonArray(new JsonObject { ["name"] = "data-" + Name(1, 6), ["emptyDir"] = new JsonObject() });
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name ?? Name(1, 30), ["labels"] = labels, ["annotations"] = new JsonObject() },
            ["spec"] = spec,
        };
    }

    public static JsonObject Annotations(JsonObject pod) => (JsonObject)pod["metadata"]!["annotations"]!;

    public static JsonObject Labels(JsonObject pod) => (JsonObject)pod["metadata"]!["labels"]!;
}
