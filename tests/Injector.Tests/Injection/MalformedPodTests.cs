using System.Text.Json.Nodes;
using Injector.Injection;
using static Injector.Tests.Injection.InjectionHarness;

namespace Injector.Tests.Injection;

/// <summary>
/// Bad input gets an answer, never an exception: any node of a rich pod replaced by a value of the wrong type still
/// yields a skip, a denial, or a patch that applies (checked with the independent applier).
/// </summary>
public sealed class MalformedPodTests
{
    private const string RichPod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","generateName":"p-","namespace":"ns",
          "labels":{"app":"a","pod-template-hash":"h"},
          "annotations":{"prometheus.io/port":"9090","sidecar.istio.io/userVolume":"{\"v\":{\"emptyDir\":{}}}",
            "sidecar.istio.io/userVolumeMount":"{\"v\":{\"mountPath\":\"/v\"}}","proxy.istio.io/config":"concurrency: 2"},
          "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"p-h","controller":true}]},
         "spec":{"initContainers":[{"name":"i","image":"i"}],
          "containers":[{"name":"c","image":"c","ports":[{"name":"http","containerPort":80}],
            "readinessProbe":{"httpGet":{"port":"http","path":"/r"},"timeoutSeconds":1},
            "livenessProbe":{"tcpSocket":{"port":81}},"lifecycle":{"preStop":{"httpGet":{"port":82}}}},
            {"name":"istio-proxy","image":"x/y","env":[{"name":"E","value":"1"}]}],
          "volumes":[{"name":"d","emptyDir":{}}],"imagePullSecrets":[{"name":"s"}],"securityContext":{}}}
        """;

    private static readonly JsonNode?[] WrongValues =
    [
        null, JsonValue.Create(7), JsonValue.Create(-1.5), JsonValue.Create("str"), JsonValue.Create(true),
        new JsonObject(), new JsonArray(), new JsonArray(JsonValue.Create(1), JsonValue.Create("x")),
        new JsonObject { ["name"] = 5, ["port"] = new JsonObject() },
    ];

    [Fact]
    public void EveryNodeReplacedByEveryWrongTypeIsHandled()
    {
        var paths = new List<string[]>();
        CollectPaths(JsonNode.Parse(RichPod)!, [], paths);
        Assert.True(paths.Count > 40);
        var revisions = new[] { Revision(), Revision("revision: default\nnativeSidecars: false\n") };
        var checkedCount = 0;
        foreach (var path in paths)
        {
            for (var v = 0; v < WrongValues.Length; v++)
            {
                var pod = JsonNode.Parse(RichPod)!;
                Replace(pod, path, WrongValues[v]?.DeepClone());
                var json = pod.ToJsonString();
                var outcome = Run(json, revisions[(checkedCount++) % 2]); // applies the patch; throws on a bad one
                if (outcome.Result.Outcome == InjectionOutcome.Injected)
                {
                    Run(outcome.Pod!.ToJsonString(), revisions[(checkedCount - 1) % 2]); // and re-injection too
                }
                else
                {
                    Assert.False(string.IsNullOrEmpty(outcome.Result.Reason), string.Join("/", path));
                }
            }
        }
    }

    private static void CollectPaths(JsonNode node, string[] prefix, List<string[]> paths)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    string[] path = [.. prefix, key];
                    paths.Add(path);
                    if (child is not null) CollectPaths(child, path, paths);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    string[] path = [.. prefix, i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                    paths.Add(path);
                    if (array[i] is { } child) CollectPaths(child, path, paths);
                }
                break;
        }
    }

    private static void Replace(JsonNode root, string[] path, JsonNode? value)
    {
        var parent = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            parent = parent is JsonArray a ? a[int.Parse(path[i], System.Globalization.CultureInfo.InvariantCulture)]! : parent[path[i]]!;
        }
        if (parent is JsonArray array) array[int.Parse(path[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        else parent[path[^1]] = value;
    }
}
