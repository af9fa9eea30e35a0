using Injector.Revisions;
using Xunit.Abstractions;

namespace Injector.Tests.Differential;

/// <summary>
/// The compiled path proven against the renderer (Istio's algorithm): generated pods through both paths of every
/// revision the compiled path serves; a pod <see cref="Admission.CompiledCoverage"/> gives to the compiled path must
/// get the same answer from both (same skip or refusal; equal injected pods under the goldens' dropping rules). CI
/// runs a fixed sample; INJECTOR_DIFF_PODS raises the count (tests/fuzz-long.sh --differential).
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private const int CiPods = 2_500;
    private const int RunSeed = 20261205;

    private static int Count() =>
        int.TryParse(Environment.GetEnvironmentVariable("INJECTOR_DIFF_PODS"), out var n) && n > 0 ? n : CiPods;

    [Fact]
    public void Covered_pods_get_the_renderers_answer()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("INJECTOR_DIFF_SEED"), out var s) ? s : RunSeed;
        var tally = DifferentialRun.Run(seed, Count());
        output.WriteLine("seed " + seed + ": " + tally);
        foreach (var (path, count) in tally.UncoveredPaths.OrderByDescending(p => p.Value).Take(40)) output.WriteLine("  rendered-only, differs at " + path + ": " + count);
        foreach (var line in tally.CoveredDivergences.Take(20)) output.WriteLine("COVERED DIVERGENCE " + line);
        foreach (var line in tally.RendererExceptions.Take(10)) output.WriteLine("RENDERER EXCEPTION (Rendering/, reported) " + line);
        Assert.True(tally.CoveredDivergences.IsEmpty, tally.CoveredDivergences.Count + " covered pods diverge; first: " + tally.CoveredDivergences.FirstOrDefault());
        // The sample must exercise the fast path, not only the renderer.
        Assert.True(tally.CoveredInjected > tally.Pods / 10, "only " + tally.CoveredInjected + " covered injections in " + tally.Pods);
    }

    /// <summary>Reproduces one input of a run: INJECTOR_DIFF_SHOW="seed,revision,mutations,random" prints the pod and
    /// both answers (a no-op otherwise).</summary>
    [Fact]
    public void Show_one_input()
    {
        if (Environment.GetEnvironmentVariable("INJECTOR_DIFF_SHOW") is not { Length: > 0 } text) return;
        var parts = text.Split(',').Select(int.Parse).ToArray();
        var input = new DifferentialPods.Input(parts[0], parts[1], parts[2], parts[3]);
        var (built, ns) = DifferentialPods.Build(input);
        var pod = built ?? throw new InvalidOperationException("not a corev1.Pod");
        var revision = DifferentialRevisions.All[input.Revision].Revision;
        var compiled = PathAnswers.Compiled(pod, ns, revision.Compiled!);
        var rendered = PathAnswers.Rendered(pod, ns, revision);
        output.WriteLine("pod: " + System.Text.Encoding.UTF8.GetString(pod));
        var directory = Path.Combine(Path.GetTempPath(), "injector-diff");
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "pod.json"), pod);
        File.WriteAllText(Path.Combine(directory, "compiled.json"), Parity.JsonComparison.Normalize(compiled.Pod)?.ToJsonString() ?? compiled.Kind + " " + compiled.Detail);
        File.WriteAllText(Path.Combine(directory, "rendered.json"), Parity.JsonComparison.Normalize(rendered.Pod)?.ToJsonString() ?? rendered.Kind + " " + rendered.Detail);
        output.WriteLine("covered: " + PathAnswers.Covered(pod, ns, revision.Compiled!));
        output.WriteLine("difference: " + PathAnswers.Difference(compiled, rendered));
        output.WriteLine("compiled " + compiled.Kind + " " + compiled.Detail + ": " + Parity.JsonComparison.Normalize(compiled.Pod)?.ToJsonString());
        output.WriteLine("rendered " + rendered.Kind + " " + rendered.Detail + ": " + Parity.JsonComparison.Normalize(rendered.Pod)?.ToJsonString());
    }

    [Fact]
    public void Every_seed_on_every_revision_agrees_when_covered()
    {
        var failures = new List<string>();
        for (var seed = 0; seed < Fuzz.FuzzSeeds.Reviews.Count; seed++)
        {
            for (var revision = 0; revision < DifferentialRevisions.All.Count; revision++)
            {
                var outcome = DifferentialRun.Compare(new DifferentialPods.Input(seed, revision, 0, 0));
                if (outcome.Covered && outcome.Difference is { } d) failures.Add(seed + "/" + DifferentialRevisions.All[revision].Name + ": " + d);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_harness_serves_every_variant_on_the_compiled_path()
    {
        Assert.Equal(3 + DifferentialRevisions.Variants.Length, DifferentialRevisions.All.Count);
        Assert.All(DifferentialRevisions.All, r => Assert.NotNull(r.Revision.Compiled));
    }

    [Fact]
    public void Settings_the_compiled_path_does_not_render_keep_the_revision_on_the_renderer()
    {
        foreach (var (name, yaml) in DifferentialRevisions.RenderedOnly)
        {
            var revision = RevisionLoader.LoadText(name + ".yaml", yaml, [], "default");
            Assert.Null(revision.Compiled);
            Assert.NotNull(CompiledRevisionSupport.RenderedOnlyReason(global::Injector.Revisions.Loading.RevisionFileReader.Compile(name + ".yaml", yaml, "default").Config));
        }
        Assert.NotNull(RevisionLoader.Load(null, null).Default.Compiled);
    }

    /// <summary>Guards the comparison: a changed proxy env on the compiled side must show.</summary>
    [Fact]
    public void The_comparison_detects_a_difference()
    {
        var (built, ns) = DifferentialPods.Build(new DifferentialPods.Input(0, 0, 0, 0));
        var pod = built!;
        var revision = DifferentialRevisions.All[0].Revision;
        var compiled = PathAnswers.Compiled(pod, ns, revision.Compiled!);
        var rendered = PathAnswers.Rendered(pod, ns, revision);
        Assert.Equal(PathAnswer.Injected, compiled.Kind);
        Assert.Null(PathAnswers.Difference(compiled, rendered));
        compiled.Pod!["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["extra"] = "x" };
        Assert.NotNull(PathAnswers.Difference(compiled, rendered));
        Assert.NotNull(PathAnswers.Difference(compiled with { Kind = PathAnswer.Skipped }, rendered));
    }
    /// <summary>Owner texts are printed unquoted into the template's YAML: ": " or " #" in them changes the document
    /// (Istio then refuses the pod, or reads another value), so such pods are not compiled and get the renderer's answer.</summary>
    [Theory]
    [InlineData("apiVersion", "a: [b]")]
    [InlineData("apiVersion", "apps/v1 #c")]
    [InlineData("name", "web: x")]
    [InlineData("kind", "Replica Set")]
    public void Owner_texts_that_change_the_YAML_are_rendered(string field, string text)
    {
        var revision = DifferentialRevisions.All[0].Revision;
        var pod = new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["generateName"] = "web-5d8f7c9b6-",
                ["labels"] = new System.Text.Json.Nodes.JsonObject { ["app"] = "web", ["pod-template-hash"] = "5d8f7c9b6" },
                ["ownerReferences"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "web-5d8f7c9b6", ["controller"] = true, ["uid"] = "1",
                }),
            },
            ["spec"] = new System.Text.Json.Nodes.JsonObject
            {
                ["containers"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "app", ["image"] = "app:1" }),
            },
        };
        Assert.True(PathAnswers.Covered(System.Text.Encoding.UTF8.GetBytes(pod.ToJsonString()), "default", revision.Compiled!));
        pod["metadata"]!["ownerReferences"]![0]![field] = text;
        var bytes = System.Text.Encoding.UTF8.GetBytes(pod.ToJsonString());
        Assert.False(PathAnswers.Covered(bytes, "default", revision.Compiled!));
        var rendered = PathAnswers.Rendered(bytes, "default", revision);
        Assert.True(rendered.Kind is PathAnswer.Denied or PathAnswer.Injected, rendered.Kind + " " + rendered.Detail);
    }
}
