using System.Collections.Concurrent;
using System.Diagnostics;
using Injector.Tests.Fuzz;

namespace Injector.Tests.Differential;

/// <summary>One pod through both paths of one revision, and a run's tally.</summary>
internal static class DifferentialRun
{
    public const string RendererException = "renderer-exception";

    public readonly record struct Outcome(bool Covered, string CompiledKind, string RenderedKind, string? Difference)
    {
        /// <summary>A mutated pod the API server could not have sent (not decodable as a corev1.Pod).</summary>
        public static Outcome NotAPod { get; } = new(false, "", "", null);

        public bool IsNotAPod => CompiledKind.Length == 0;
    }

    public static Outcome Compare(DifferentialPods.Input input)
    {
        var (_, revision) = DifferentialRevisions.All[input.Revision];
        var (pod, ns) = DifferentialPods.Build(input);
        if (pod is null) return Outcome.NotAPod;
        var compiled = PathAnswers.Compiled(pod, ns, revision.Compiled!);
        PathAnswer rendered;
        try
        {
            rendered = PathAnswers.Rendered(pod, ns, revision);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            // A renderer that throws (it must answer every pod) is a finding of its own; it never equals the compiled answer.
            rendered = new PathAnswer(RendererException, null, e.GetType().Name + ": " + e.Message);
        }
        return new Outcome(PathAnswers.Covered(pod, ns, revision.Compiled!), compiled.Kind, rendered.Kind, PathAnswers.Difference(compiled, rendered));
    }

    /// <summary>The inputs of a run: drawn from one seed, so a run is reproducible from its seed and count.</summary>
    public static DifferentialPods.Input InputAt(int runSeed, int index)
    {
        // Not HashCode.Combine: it is seeded per process, and a run must be reproducible from its seed and count.
        var random = new Random(unchecked(runSeed * 1_000_003 + index));
        return new DifferentialPods.Input(
            random.Next(FuzzSeeds.Reviews.Count), random.Next(DifferentialRevisions.All.Count), random.Next(0, 9), random.Next());
    }

    public sealed class Tally
    {
        public long Pods;
        public long NotPods;
        public readonly ConcurrentQueue<string> RendererExceptions = new();
        public long Covered;
        public long CoveredInjected;
        public long UncoveredEqual;
        public long UncoveredDivergent;
        public readonly ConcurrentQueue<string> CoveredDivergences = new();
        public readonly ConcurrentDictionary<string, int> UncoveredPaths = new(StringComparer.Ordinal);
        public TimeSpan Elapsed;

        public override string ToString() =>
            Pods + " pods compared in " + Elapsed.TotalSeconds.ToString("F1") + " s (" + (Pods / Elapsed.TotalSeconds).ToString("F0")
            + " pods/s): " + Covered + " covered (" + CoveredInjected + " injected), " + CoveredDivergences.Count + " covered and divergent; "
            + (Pods - Covered) + " rendered-only (" + UncoveredEqual + " would have been equal, " + UncoveredDivergent + " divergent); "
            + NotPods + " mutated inputs were no corev1.Pod (skipped)";
    }

    public static Tally Run(int runSeed, int count)
    {
        // Load the shared seeds and revisions before the threads start.
        _ = FuzzSeeds.Reviews.Count + DifferentialRevisions.All.Count;
        var tally = new Tally();
        var stopwatch = Stopwatch.StartNew();
        Parallel.For(0, count, i =>
        {
            var input = InputAt(runSeed, i);
            Outcome outcome;
            try
            {
                outcome = Compare(input);
            }
            catch (Exception e)
            {
                tally.CoveredDivergences.Enqueue(input + ": exception " + e);
                return;
            }
            if (outcome.IsNotAPod) { Interlocked.Increment(ref tally.NotPods); return; }
            Interlocked.Increment(ref tally.Pods);
            if (outcome.RenderedKind == RendererException) tally.RendererExceptions.Enqueue(input + " [" + DifferentialRevisions.All[input.Revision].Name + "]: " + outcome.Difference);
            if (outcome.Covered)
            {
                Interlocked.Increment(ref tally.Covered);
                if (outcome.CompiledKind == PathAnswer.Injected) Interlocked.Increment(ref tally.CoveredInjected);
                if (outcome.Difference is { } d) tally.CoveredDivergences.Enqueue(input + " [" + DifferentialRevisions.All[input.Revision].Name + "]: " + d);
            }
            else if (outcome.Difference is null)
            {
                Interlocked.Increment(ref tally.UncoveredEqual);
            }
            else
            {
                Interlocked.Increment(ref tally.UncoveredDivergent);
                tally.UncoveredPaths.AddOrUpdate(Shape(outcome.Difference), 1, (_, n) => n + 1);
            }
        });
        tally.Elapsed = stopwatch.Elapsed;
        return tally;
    }

    // A difference's path with indices and values cut, to group the rendered-only pods by what differs.
    private static string Shape(string difference)
    {
        var colon = difference.IndexOf(": ", StringComparison.Ordinal);
        var path = colon < 0 ? difference : difference[..colon];
        return System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]", "[]");
    }
}
