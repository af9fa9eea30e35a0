using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;

namespace Injector.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of the request path below HTTP. Inputs: a seed review (real API-server bodies and the
/// Istio parity workloads), a revision table, and a count of mutations driven by a generated random seed; CsCheck
/// shrinks a failure to the fewest mutations. CI runs a fixed set and 2,000 generated inputs; set
/// INJECTOR_FUZZ_ITERATIONS for a long local run (see docs/reliability.md).
/// </summary>
public sealed class AdmissionFuzzTests(ITestOutputHelper output)
{
    private const long DefaultIterations = 3_000;

    internal readonly record struct FuzzInput(int Seed, int Table, int Mutations, int RandomSeed, int ChunkSize)
    {
        public override string ToString() =>
            "seed=" + Seed + " table=" + Table + " mutations=" + Mutations + " random=" + RandomSeed + " chunk=" + ChunkSize;
    }

    internal static Gen<FuzzInput> Inputs { get; } =
        from seed in Gen.Int[0, FuzzSeeds.Reviews.Count - 1]
        from table in Gen.Int[0, FuzzSeeds.Tables.Count - 1]
        from mutations in Gen.Int[0, 12]
        from randomSeed in Gen.Int
        from chunk in Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 700]))
        select new FuzzInput(seed, table, mutations, randomSeed, chunk);

    internal static void Run(FuzzInput input, bool strict)
    {
        var review = ReviewMutator.Fuzzing.Mutate(FuzzSeeds.Reviews[input.Seed], new Random(input.RandomSeed), input.Mutations);
        AdmissionProperties.Check(review, FuzzSeeds.Tables[input.Table], input.ChunkSize, strict);
    }

    /// <summary>Generated inputs per CI run when INJECTOR_FUZZ_ITERATIONS is not set: a few seconds on two cores.</summary>
    private const long CiGeneratedIterations = 2_000;

    private static long Iterations() =>
        long.TryParse(Environment.GetEnvironmentVariable("INJECTOR_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : CiGeneratedIterations;

    /// <summary>
    /// The CI run: a fixed, reproducible set of inputs (no generated seed), so CI never fails at random; every input
    /// goes through all five properties.
    /// </summary>
    [Fact]
    public void Fixed_mutated_reviews_hold_every_property()
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < DefaultIterations; i++)
        {
            var input = new FuzzInput(i % FuzzSeeds.Reviews.Count, i % FuzzSeeds.Tables.Count, i % 13, i * 7919 + 1, i % 4 == 0 ? i % 700 + 1 : 0);
            try { Run(input, strict: true); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException(input + ": " + e); }
        }
        output.WriteLine(Rate(DefaultIterations, stopwatch.Elapsed));
    }

    /// <summary>
    /// Generated inputs (and shrinking) on every core, all five properties (1-4 on every input, 5 on those it applies
    /// to): 2,000 new ones in every CI run, INJECTOR_FUZZ_ITERATIONS in the long run (tests/fuzz-long.sh). CsCheck stops
    /// at the first failure and prints its seed (reproduce with CsCheck_Seed=...).
    /// </summary>
    [Fact]
    public void Mutated_valid_pods_stay_valid_and_injecting_again_changes_nothing()
    {
        var iterations = Iterations();
        var stopwatch = Stopwatch.StartNew();
        Inputs.Sample(i => Run(i, strict: true), writeLine: output.WriteLine, iter: iterations, threads: -1, print: i => i.ToString());
        output.WriteLine(Rate(iterations, stopwatch.Elapsed));
    }

    private static string Rate(long inputs, TimeSpan elapsed) =>
        inputs + " inputs in " + elapsed.TotalSeconds.ToString("F1") + " s, " + (inputs / elapsed.TotalSeconds).ToString("F0") + " inputs/s, "
        + Environment.ProcessorCount + " cores";

    [Fact]
    public void Unmutated_seeds_inject_and_apply()
    {
        Assert.True(FuzzSeeds.Reviews.Count > 40, "expected the fixtures and parity cases as seeds, got " + FuzzSeeds.Reviews.Count);
        for (var seed = 0; seed < FuzzSeeds.Reviews.Count; seed++)
        {
            for (var table = 0; table < FuzzSeeds.Tables.Count; table++) Run(new FuzzInput(seed, table, 0, 0, 0), strict: true);
        }
    }

    /// <summary>Guards the checker: a patch that breaks the pod, or a wrong uid, must be caught.</summary>
    [Fact]
    public void The_validity_check_catches_broken_pods()
    {
        var pod = System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"containers":[{"name":"a","volumeMounts":[{"name":"v"}]}]}}""");
        Assert.NotNull(PodValidity.FirstProblem(pod));
        var ports = System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"containers":[{"name":"a","ports":[{"containerPort":0}]}]}}""");
        Assert.NotNull(PodValidity.FirstProblem(ports));
        var twice = System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"initContainers":[{"name":"a"}],"containers":[{"name":"a"}]}}""");
        Assert.Contains("twice", PodValidity.FirstProblem(twice));
        var good = System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"volumes":[{"name":"v"}],"containers":[{"name":"a","ports":[{"containerPort":80}],"volumeMounts":[{"name":"v","mountPath":"/v"}]}]}}""");
        Assert.Null(PodValidity.FirstProblem(good));
        var pathless = System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"volumes":[{"name":"v"}],"containers":[{"name":"a","volumeMounts":[{"name":"v"}]}]}}""");
        Assert.Contains("mountPath", PodValidity.FirstProblem(pathless));
    }

    [Theory]
    [InlineData("null", true)]
    [InlineData("true", true)]
    [InlineData("123", true)]
    [InlineData("app", false)]
    [InlineData("null-app", false)]
    public void Container_names_plain_YAML_reads_as_another_type_are_recognised(string name, bool otherType)
    {
        var pod = System.Text.Json.Nodes.JsonNode.Parse("{\"spec\":{\"containers\":[{\"name\":\"" + name + "\"}]}}");
        Assert.Equal(otherType, PodValidity.NamesAContainerYamlReadsAsAnotherType(pod));
    }
}
