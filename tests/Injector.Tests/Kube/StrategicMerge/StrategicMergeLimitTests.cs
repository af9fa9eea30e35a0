using System.Diagnostics;
using System.Text.Json.Nodes;
using Injector.Kube.StrategicMerge;
using Smp = Injector.Kube.StrategicMerge.StrategicMerge;

namespace Injector.Tests.Kube.StrategicMerge;

/// <summary>The merge's depth bound and its cost on big lists (indexes by merge key, no pairwise matching).</summary>
public sealed class StrategicMergeLimitTests
{
    private static JsonObject Nested(int depth)
    {
        var root = new JsonObject();
        var current = root;
        for (var i = 0; i < depth; i++)
        {
            var next = new JsonObject();
            current["k"] = next;
            current = next;
        }
        return root;
    }

    /// <summary>Past <see cref="StrategicMergeLimits.MaxDepth"/> the merge stops with an error naming the limit.</summary>
    [Fact]
    public void DepthIsBounded()
    {
        var ex = Assert.Throws<StrategicMergeException>(() => Smp.Apply(Nested(50), Nested(50), new AnyStruct(), new StrategicMergeLimits { MaxDepth = 20 }));
        Assert.Contains("MaxDepth", ex.Message);
        Assert.NotNull(Smp.Apply(Nested(50), Nested(50), new AnyStruct(), new StrategicMergeLimits { MaxDepth = 60 }));
    }

    /// <summary>
    /// 2,000 env entries on each side, half of them shared, reversed in the patch: merged by index in well under a
    /// second, and in apimachinery's order: the 1,000 new ones (patch order) each precede the original they meet.
    /// </summary>
    [Fact]
    public void LargeListsMergeQuickly()
    {
        const int n = 2000;
        var originalEnv = new JsonArray();
        for (var i = 0; i < n; i++) originalEnv.Add(new JsonObject { ["name"] = $"E{i}", ["value"] = "o" });
        var patchEnv = new JsonArray();
        for (var i = n + n / 2 - 1; i >= n / 2; i--) patchEnv.Add(new JsonObject { ["name"] = $"E{i}", ["value"] = "p" });
        var original = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["env"] = originalEnv }) } };
        var patch = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["env"] = patchEnv }) } };

        var watch = Stopwatch.StartNew();
        var merged = Smp.Apply(original, patch, PodPatchSchema.Pod);
        watch.Stop();

        var names = merged["spec"]!["containers"]![0]!["env"]!.AsArray().Select(e => (string)e!["name"]!).ToList();
        Assert.Equal(n + n / 2, names.Count);
        // Patch items sorted by patch order: E2999..E1000 (new ones first, then shared in reverse); server-only
        // E0..E999 are all in the original and precede every shared patch item there (index < 1000), and each is
        // compared with a new item first, which wins: so the new ones lead, then E0..E999, then the shared ones.
        var expected = Enumerable.Range(n, n / 2).Reverse().Select(i => $"E{i}")
            .Concat(Enumerable.Range(0, n / 2).Select(i => $"E{i}"))
            .Concat(Enumerable.Range(n / 2, n / 2).Reverse().Select(i => $"E{i}"));
        Assert.Equal(expected, names);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"{watch.ElapsedMilliseconds} ms");
    }

    /// <summary>A schema in which every field is a struct of the same kind (for deep maps).</summary>
    private sealed class AnyStruct : IPatchMetaLookup
    {
        public string Name => "struct";

        public IPatchMetaLookup LookupForStruct(string key, out PatchMeta meta)
        {
            meta = PatchMeta.None;
            return this;
        }

        public IPatchMetaLookup LookupForSlice(string key, out PatchMeta meta) => LookupForStruct(key, out meta);
    }
}
