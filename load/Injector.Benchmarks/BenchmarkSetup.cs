using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Injector.Benchmarks;

/// <summary>The one benchmark configuration: mean, p50/p95/p99, allocated bytes per operation, a baseline ratio.</summary>
internal static class BenchmarkSetup
{
    public static IConfig CreateConfig(bool quick)
    {
        // In-process: no generated project to build on a shared 2-core machine; the host is already Release.
        var job = quick
            ? Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("quick")
            : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithIterationCount(30).WithId("full");
        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}
