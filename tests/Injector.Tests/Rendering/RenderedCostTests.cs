using System.Diagnostics;
using Injector.Rendering;
using Injector.Tests.Parity;
using Injector.Tests.Support;
using Xunit.Abstractions;

namespace Injector.Tests.Rendering;

/// <summary>The mean cost of one fixture pod on the rendered path (webhook mode), printed for the record: a
/// measurement, not a timed assertion (goal ≤ 1 ms; see docs/rendered-path.md).</summary>
public sealed class RenderedCostTests(ITestOutputHelper output)
{
    [Fact]
    public void MeanCostPerFixturePod()
    {
        var injector = RenderedParityTests.Injector;
        var pods = RenderedParityTests.CaseNames()
            .SelectMany(name => WorkloadPods.FromYaml(File.ReadAllText(Path.Combine(TestPaths.ParityCases, name))))
            .ToList();
        foreach (var pod in pods) injector.Inject((System.Text.Json.Nodes.JsonObject)pod.Pod.DeepClone(), pod.Namespace, RenderMode.Webhook);
        const int Rounds = 5;
        var inputs = Enumerable.Range(0, Rounds).SelectMany(_ => pods.Select(p => ((System.Text.Json.Nodes.JsonObject)p.Pod.DeepClone(), p.Namespace))).ToList();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long cpuBefore = ThreadCpuNanoseconds();
        var watch = Stopwatch.StartNew();
        var injected = 0;
        foreach (var (pod, ns) in inputs)
        {
            if (injector.Inject(pod, ns, RenderMode.Webhook) is RenderOutcome.Injected) injected++;
        }
        watch.Stop();
        long cpu = ThreadCpuNanoseconds() - cpuBefore;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine($"rendered path: {inputs.Count} fixture pods ({pods.Count} distinct, {injected} injected): "
            + $"{cpu / 1000.0 / inputs.Count:F0} µs thread CPU, {watch.Elapsed.TotalMicroseconds / inputs.Count:F0} µs wall, "
            + $"{allocated / inputs.Count / 1024} KiB allocated per pod");
        Assert.True(injected > 0);
    }

    private static long ThreadCpuNanoseconds()
    {
        try
        {
            var fields = File.ReadAllText("/proc/thread-self/schedstat").Split(' ');
            return long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }
}
