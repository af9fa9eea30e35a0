using Injector.Json;
using System.Buffers;
using System.Text;
using System.Text.Json;
using Injector.Injection;
using Xunit.Abstractions;

namespace Injector.Tests.Injection;

/// <summary>
/// Cost must grow linearly with the pod: doubling its containers (or volumes on re-injection) at most doubles what one
/// injection allocates and writes, and env vars the engine never reads cost nothing. Bytes, not time: deterministic.
/// A per-element buffer, a re-rendered template or a copy of a growing list shows up here as a ratio near 4.
/// </summary>
public sealed class InjectionScalingTests(ITestOutputHelper output)
{
    private static readonly CompiledRevision Revision = InjectionHarness.Revision();

    // Linear growth gives at most 2 per doubling; list capacity steps may add a little. The slack absorbs one-off
    // allocations (a thread's scratch buffer growing) when the cost per injection is only a few hundred bytes.
    private const double MaxRatioPerDoubling = 2.25;
    private const int SlackBytes = 2048;

    public static TheoryData<string> Shapes => new() { "containers", "containers with probes", "re-injected containers with probes", "re-injected volumes" };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void DoublingThePodAtMostDoublesTheCost(string shape)
    {
        var sizes = shape.Contains("volumes") ? new[] { 250, 500, 1000, 2000 } : new[] { 10, 20, 40, 80 };
        var previous = default(Cost);
        foreach (var n in sizes)
        {
            var cost = Measure(Build(shape, n));
            output.WriteLine(shape + " n=" + n + ": " + cost.AllocatedBytes + " bytes allocated, " + cost.PatchBytes + " bytes of patch");
            if (previous.AllocatedBytes > 0)
            {
                Assert.True(cost.AllocatedBytes <= previous.AllocatedBytes * MaxRatioPerDoubling + SlackBytes,
                    shape + ": allocation grew from " + previous.AllocatedBytes + " to " + cost.AllocatedBytes + " bytes when n doubled to " + n);
                Assert.True(cost.PatchBytes <= previous.PatchBytes * MaxRatioPerDoubling,
                    shape + ": patch grew from " + previous.PatchBytes + " to " + cost.PatchBytes + " bytes when n doubled to " + n);
            }
            previous = cost;
        }
    }

    [Fact]
    public void AppEnvVarsCostNothing()
    {
        var costs = new[] { 1000, 2000, 4000 }.Select(n => Measure(WithAppEnv(n))).ToArray();
        output.WriteLine(string.Join("; ", costs.Select(c => c.AllocatedBytes + " bytes allocated")));
        Assert.All(costs, c => Assert.Equal(costs[0].PatchBytes, c.PatchBytes));
        Assert.All(costs, c => Assert.InRange(c.AllocatedBytes, 0, costs[0].AllocatedBytes + 256));
    }

    private readonly record struct Cost(long AllocatedBytes, int PatchBytes);

    private static Cost Measure(string podJson)
    {
        using var doc = JsonTree.Parse(podJson);
        var parameters = new InjectionParameters("default");
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var result = SidecarInjector.Inject(doc.Root, parameters, Revision, buffer); // warm-up: statics, JIT, caches
        Assert.Equal(InjectionOutcome.Injected, result.Outcome);
        var patchBytes = buffer.WrittenCount;
        const int Runs = 10;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Runs; i++)
        {
            buffer.ResetWrittenCount();
            SidecarInjector.Inject(doc.Root, parameters, Revision, buffer);
        }
        return new Cost((GC.GetAllocatedBytesForCurrentThread() - before) / Runs, patchBytes);
    }

    private static string Build(string shape, int n) => shape switch
    {
        "containers" => InjectionHarness.Pod(containers: Containers(n, probes: false)),
        "containers with probes" => InjectionHarness.Pod(containers: Containers(n, probes: true)),
        "re-injected containers with probes" => InjectionHarness.Inject(InjectionHarness.Pod(containers: Containers(n, probes: true))).ToJsonString(),
        "re-injected volumes" => InjectionHarness.Inject(InjectionHarness.Pod(specExtra: "\"volumes\":" + Volumes(n))).ToJsonString(),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    private static string Containers(int n, bool probes)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < n; i++)
        {
            if (i > 0) json.Append(',');
            json.Append("{\"name\":\"app-").Append(i).Append("\",\"image\":\"app:1\",\"ports\":[{\"name\":\"http-").Append(i)
                .Append("\",\"containerPort\":").Append(8000 + i).Append(",\"protocol\":\"TCP\"}]");
            if (probes)
            {
                json.Append(",\"livenessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":\"http-").Append(i).Append("\"},\"timeoutSeconds\":1}")
                    .Append(",\"readinessProbe\":{\"tcpSocket\":{\"port\":").Append(8000 + i).Append("}}");
            }
            json.Append('}');
        }
        return json.Append(']').ToString();
    }

    private static string Volumes(int n)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < n; i++) json.Append(i > 0 ? "," : "").Append("{\"name\":\"data-").Append(i).Append("\",\"emptyDir\":{}}");
        return json.Append(']').ToString();
    }

    private static string WithAppEnv(int n)
    {
        var env = new StringBuilder("[");
        for (var i = 0; i < n; i++) env.Append(i > 0 ? "," : "").Append("{\"name\":\"ENV_").Append(i).Append("\",\"value\":\"value-").Append(i).Append("\"}");
        return InjectionHarness.Pod(containers: "[{\"name\":\"app\",\"image\":\"app:1\",\"env\":" + env.Append(']') + "}]");
    }
}
