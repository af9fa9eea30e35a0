using System.Text.Json.Nodes;
using Injector.Injection;
using Injector.Revisions;
using Injector.Tests.Admission;
using Injector.Tests.Parity;
using Injector.Tests.Support;

namespace Injector.Tests.Fuzz;

/// <summary>
/// Starting points for the fuzzer: every real kube-apiserver AdmissionReview in the shared fixtures, plus every
/// Istio parity workload converted to the pod the API server would send and wrapped the same way. Also the two
/// revision tables inputs are sent to (the embedded default, and the parity revision with more features turned on).
/// </summary>
internal static class FuzzSeeds
{
    private static readonly Lazy<IReadOnlyList<JsonObject>> LazyReviews = new(LoadReviews);
    private static readonly Lazy<IReadOnlyList<RevisionTable>> LazyTables = new(LoadTables);

    public static IReadOnlyList<JsonObject> Reviews => LazyReviews.Value;
    public static IReadOnlyList<RevisionTable> Tables => LazyTables.Value;

    private static IReadOnlyList<JsonObject> LoadReviews()
    {
        var reviews = new List<JsonObject> { JsonNode.Parse(AdmissionTestData.PodCreate())!.AsObject() };
        foreach (var name in AdmissionTestData.ApiServerFixtureNames())
        {
            reviews.Add(JsonNode.Parse(AdmissionTestData.ApiServerFixture(name))!.AsObject());
        }
        foreach (var file in Directory.GetFiles(TestPaths.ParityCases, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var pod in WorkloadPods.FromYaml(File.ReadAllText(file)))
            {
                reviews.Add(Wrap(pod.Pod, pod.Namespace, "fuzz-" + reviews.Count));
            }
        }
        foreach (var review in reviews) Materialize(review);
        return reviews;
    }

    /// <summary>
    /// Builds every node of a parsed tree now. A parsed JsonNode reads its members from the JSON on first access, and
    /// a clone of an unread node is unread too, so each input paid that decoding again; a built tree clones quickly.
    /// It also keeps the shared seeds read-only while the generated run clones them on several threads.
    /// </summary>
    private static void Materialize(JsonNode? node)
    {
        if (node is JsonObject obj) foreach (var (_, child) in obj) Materialize(child);
        else if (node is JsonArray array) foreach (var child in array) Materialize(child);
    }

    private static IReadOnlyList<RevisionTable> LoadTables() =>
    [
        RevisionLoader.Load(null, null),
        ParityInjection.Table,
    ];

    /// <summary>An admission.k8s.io/v1 Pod CREATE review around <paramref name="pod"/>, as kube-apiserver sends it.</summary>
    public static JsonObject Wrap(JsonNode pod, string @namespace, string uid) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
            ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
            ["namespace"] = @namespace,
            ["operation"] = "CREATE",
            ["object"] = pod.DeepClone(),
            ["dryRun"] = false,
        },
    };
}
