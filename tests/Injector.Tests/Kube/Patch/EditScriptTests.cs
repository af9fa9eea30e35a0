using Injector.Kube.Patch;

namespace Injector.Tests.Kube.Patch;

public sealed class EditScriptTests
{
    private static int[] Apply(int[] a, int[] b, List<EditScript.Step> steps)
    {
        var result = new List<int>();
        var ia = 0;
        var ib = 0;
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case EditScript.Kind.Keep:
                    Assert.Equal(ia++, step.A);
                    Assert.Equal(ib++, step.B);
                    Assert.Equal(a[step.A], b[step.B]);
                    result.Add(a[step.A]);
                    break;
                case EditScript.Kind.Delete:
                    Assert.Equal(ia++, step.A);
                    break;
                case EditScript.Kind.Insert:
                    Assert.Equal(ib++, step.B);
                    result.Add(b[step.B]);
                    break;
            }
        }
        Assert.Equal(a.Length, ia);
        Assert.Equal(b.Length, ib);
        return [.. result];
    }

    [Theory]
    [InlineData(new int[0], new int[0], 0)]
    [InlineData(new[] { 1, 2, 3 }, new[] { 1, 2, 3 }, 0)]
    [InlineData(new[] { 1, 2, 3 }, new[] { 0, 1, 2, 3 }, 1)] // proxy inserted first
    [InlineData(new[] { 1, 2, 3 }, new[] { 1, 2, 3, 4 }, 1)]
    [InlineData(new[] { 1, 2, 3 }, new[] { 1, 3 }, 1)]
    [InlineData(new[] { 1, 2, 3, 4, 5 }, new[] { 9, 1, 3, 4, 8, 5 }, 3)]
    [InlineData(new[] { 1, 2, 3 }, new[] { 3, 2, 1 }, 4)]
    [InlineData(new[] { 1, 1, 2, 1 }, new[] { 1, 2, 1, 1 }, 2)]
    public void The_script_is_shortest_and_rebuilds_the_target(int[] a, int[] b, int edits)
    {
        var steps = EditScript.Compute(a, b);
        Assert.Equal(b, Apply(a, b, steps));
        Assert.Equal(edits, steps.Count(s => s.Kind != EditScript.Kind.Keep));
    }

    [Fact]
    public void Random_sequences_rebuild_and_never_do_worse_than_position_pairing()
    {
        var random = new Random(1234);
        for (var round = 0; round < 500; round++)
        {
            var a = Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(0, 6)).ToArray();
            var b = Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(0, 6)).ToArray();
            var steps = EditScript.Compute(a, b);
            Assert.Equal(b, Apply(a, b, steps));
            var edits = steps.Count(s => s.Kind != EditScript.Kind.Keep);
            Assert.True(edits <= a.Length + b.Length);
            Assert.True(edits >= Math.Abs(a.Length - b.Length));
        }
    }

    [Fact]
    public void Too_many_differences_fall_back_to_pairing_by_position_in_linear_time()
    {
        var a = Enumerable.Range(0, 20_000).ToArray();
        var b = Enumerable.Range(0, 20_000).Select(i => i + 1_000_000).ToArray();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var steps = EditScript.Compute(a, b);
        watch.Stop();
        Assert.Equal(b, Apply(a, b, steps));
        Assert.Equal(40_000, steps.Count);
        Assert.True(watch.ElapsedMilliseconds < 2_000, $"{watch.ElapsedMilliseconds} ms");
    }
}
