using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Injector.Benchmarks;

/// <summary>A latency percentile column (BenchmarkDotNet ships P0…P100 in coarse steps, but no P99).</summary>
internal sealed class PercentileColumn(int percentile) : IColumn
{
    public string Id => "P" + percentile;
    public string ColumnName => "P" + percentile;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Statistics;
    public int PriorityInCategory => 10 + percentile;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Time;
    public string Legend => $"Percentile {percentile}: {percentile}% of iterations were not slower";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var statistics = summary[benchmarkCase]?.ResultStatistics;
        if (statistics is null) return "NA";
        var nanoseconds = statistics.Percentiles.Percentile(percentile);
        // Same unit as the other time columns of the table.
        var unit = style.TimeUnit ?? Perfolizer.Horology.TimeUnit.GetBestTimeUnit(statistics.Mean);
        return (nanoseconds / unit.BaseUnits).ToString("N2", style.CultureInfo) + " " + unit.Abbreviation;
    }

    public override string ToString() => ColumnName;
}
