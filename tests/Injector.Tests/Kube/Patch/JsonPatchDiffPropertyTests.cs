using System.Text;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Kube.Patch;
using Injector.Tests.Parity;
using Injector.Tests.Support;

namespace Injector.Tests.Kube.Patch;

/// <summary>
/// Random edits of every pod the tests have (Istio cases and API server captures): the original is first roughened
/// the way hand-written pods are (unknown members, members in another case, zero values, numbers for quantities),
/// the final pod is the normalized original with random injection-like edits. The patch applied to the original by
/// ASP.NET Core's applier must normalize to the final pod, and containers the edits did not touch must keep the
/// unknown members they were sent with.
/// </summary>
public sealed class JsonPatchDiffPropertyTests
{
    private static IEnumerable<(string Name, JsonNode Pod)> Seeds()
    {
        foreach (var file in Directory.EnumerateFiles(TestPaths.ParityCases, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var pod in WorkloadPods.FromYaml(File.ReadAllText(file))) yield return (Path.GetFileName(file), pod.Pod);
        }
        foreach (var file in Directory.EnumerateFiles(TestPaths.FixtureDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            yield return (Path.GetFileName(file), JsonNode.Parse(File.ReadAllBytes(file))!["request"]!["object"]!.DeepClone());
        }
    }

    [Fact]
    public void Random_edits_round_trip_through_the_patch()
    {
        var random = new Random(20261127);
        var total = 0;
        foreach (var (name, seed) in Seeds())
        {
            // The 2,000-variable pod is slow to apply with the test's applier; one round of it is enough.
            var rounds = seed.ToJsonString().Length > 50_000 ? 1 : 8;
            for (var round = 0; round < rounds; round++)
            {
                var original = Roughen(seed.DeepClone(), random);
                var normalized = PodNormalizer.Normalize(original);
                var final = PodNormalizer.Normalize(Edit(normalized.DeepClone().AsObject(), random, out var reordered));
                var ops = JsonPatchDiff.Diff(original, normalized, final);
                var patchBytes = JsonPatchDiff.ToJson(ops);
                JsonNode patched;
                try
                {
                    patched = PatchApplier.Apply(original, patchBytes);
                }
                catch (Exception ex)
                {
                    throw new Xunit.Sdk.XunitException($"{name} round {round}: patch does not apply ({ex.Message}): {Encoding.UTF8.GetString(patchBytes)}");
                }
                var result = PodNormalizer.Normalize(patched);
                Assert.True(JsonNode.DeepEquals(final, result),
                    $"{name} round {round}: {Encoding.UTF8.GetString(patchBytes)}\nresult {result.ToJsonString()}\nwanted {final.ToJsonString()}");
                // A container moved among the others is a change too (it may be the one rewritten), so the check
                // of untouched containers only runs when nothing moved.
                if (!reordered) CheckUntouchedContainersKeepUnknownMembers(original, normalized, final, patched, name);
                total++;
            }
        }
        Assert.True(total > 350, $"{total} rounds");
    }

    private static void CheckUntouchedContainersKeepUnknownMembers(JsonNode original, JsonObject normalized, JsonObject final, JsonNode patched, string name)
    {
        if (original["spec"]?["containers"] is not JsonArray sent || patched["spec"]?["containers"] is not JsonArray after) return;
        var finals = final["spec"]!["containers"] as JsonArray ?? [];
        for (var i = 0; i < sent.Count; i++)
        {
            if (sent[i] is not JsonObject container || !container.ContainsKey("x-unknown")) continue;
            var before = normalized["spec"]!["containers"]![i];
            var match = finals.FirstOrDefault(c => JsonNode.DeepEquals(c, before));
            if (match is null) continue;
            var marker = (string)container["x-unknown"]!;
            Assert.True(after.Any(c => c is JsonObject o && o["x-unknown"] is JsonValue v && (string)v! == marker),
                $"{name}: untouched container {i} lost its unknown member: sent {original["spec"]!["containers"]!.ToJsonString()} final {final["spec"]!["containers"]!.ToJsonString()}");
        }
    }

    // Hand-written pods: unknown members, other spellings, zero values written out, quantities as numbers.
    private static JsonNode Roughen(JsonNode pod, Random random)
    {
        if (pod["spec"] is not JsonObject spec) return pod;
        if (random.Next(3) == 0) spec["hostNetwork"] = false;
        if (random.Next(3) == 0) spec["x-future"] = new JsonObject { ["a"] = 1 };
        if (spec["containers"] is JsonArray containers)
        {
            for (var i = 0; i < containers.Count; i++)
            {
                if (containers[i] is not JsonObject c) continue;
                if (random.Next(2) == 0) c["x-unknown"] = "marker-" + i;
                if (random.Next(4) == 0) c["stdin"] = false;
                if (random.Next(5) == 0 && c["image"] is { } image)
                {
                    c.Remove("image");
                    c["Image"] = image.DeepClone();
                }
                if (random.Next(4) == 0) c["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = 0.5 } };
            }
        }
        return pod;
    }

    // Injection-like edits on a normalized pod.
    private static JsonObject Edit(JsonObject pod, Random random, out bool reordered)
    {
        reordered = false;
        var spec = pod["spec"]!.AsObject();
        var containers = spec["containers"] as JsonArray ?? [];
        spec["containers"] = containers;
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(10))
            {
                case 0:
                    containers.Insert(random.Next(containers.Count + 1), new JsonObject { ["name"] = "istio-proxy-" + e, ["image"] = "proxyv2", ["args"] = new JsonArray("proxy", "sidecar") });
                    break;
                case 1 when containers.Count > 0:
                    containers.RemoveAt(random.Next(containers.Count));
                    break;
                case 2 when containers.Count > 0:
                    var c = containers[random.Next(containers.Count)]!.AsObject();
                    var env = c["env"] as JsonArray ?? [];
                    c["env"] = env;
                    env.Insert(random.Next(env.Count + 1), new JsonObject { ["name"] = "E" + e, ["value"] = "v" });
                    break;
                case 3 when containers.Count > 0:
                    containers[random.Next(containers.Count)]!["image"] = "changed:" + e;
                    break;
                case 4:
                    var meta = pod["metadata"]!.AsObject();
                    var annotations = meta["annotations"] as JsonObject ?? [];
                    meta["annotations"] = annotations;
                    annotations["sidecar.istio.io/status~" + e] = "{\"x\":1}";
                    break;
                case 5:
                    var labels = pod["metadata"]!["labels"] as JsonObject;
                    if (labels is { Count: > 0 } && random.Next(2) == 0) labels.Remove(labels.First().Key);
                    else pod["metadata"]!["labels"] = new JsonObject { ["security.istio.io/tlsMode"] = "istio" };
                    break;
                case 6:
                    var volumes = spec["volumes"] as JsonArray ?? [];
                    spec["volumes"] = volumes;
                    volumes.Add(new JsonObject { ["name"] = "istio-envoy-" + e, ["emptyDir"] = new JsonObject { ["medium"] = "Memory" } });
                    break;
                case 7:
                    spec["hostNetwork"] = random.Next(2) == 0;
                    break;
                case 8 when containers.Count > 1:
                    reordered = true;
                    var first = random.Next(containers.Count);
                    var moved = containers[first]!;
                    containers.RemoveAt(first);
                    containers.Insert(random.Next(containers.Count + 1), moved);
                    break;
                default:
                    var init = spec["initContainers"] as JsonArray ?? [];
                    spec["initContainers"] = init;
                    init.Add(new JsonObject { ["name"] = "istio-init-" + e, ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "2", ["memory"] = "1Gi" } } });
                    break;
            }
        }
        return pod;
    }
}
