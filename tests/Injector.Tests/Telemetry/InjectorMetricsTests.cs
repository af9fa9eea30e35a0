using System.Diagnostics.Metrics;
using Injector.Admission;
using Injector.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Injector.Tests.Telemetry;

// One collection with the other tests that listen to the Injector meter: a MeterListener sees every test's instruments.
[Collection("InjectorMeter")]
public sealed class InjectorMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<string> _recorded = [];
    private readonly List<Instrument> _instruments = [];

    public InjectorMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name != InjectorMetrics.MeterName) return;
            _instruments.Add(instrument);
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, _, tags, _) => Record(i, 1, tags));
        _listener.Start();
    }

    public static TheoryData<AdmissionOutcome, string, string> Outcomes() => new()
    {
        { AdmissionOutcome.Injected, "", "sidecar_injection_success path=,revision=r1" },
        { AdmissionOutcome.Skipped, "host_network", "sidecar_injection_skip reason=host_network,revision=r1" },
        { AdmissionOutcome.Denied, "denied", "sidecar_injection_failure reason=denied,revision=r1" },
        { AdmissionOutcome.Failed, "invalid_json", "sidecar_injection_failure reason=invalid_json,revision=r1" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Each_outcome_counts_the_request_its_own_counter_and_the_duration(AdmissionOutcome outcome, string reason, string expected)
    {
        var metrics = new InjectorMetrics(_services.GetRequiredService<IMeterFactory>());
        metrics.RequestCompleted(new AdmissionResult(200, outcome, reason, "r1"), 0.001);
        string[] all = ["sidecar_injection_requests revision=r1", "sidecar_injection_time revision=r1", expected];
        Assert.Equal(all.Order(StringComparer.Ordinal), _recorded.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Histogram_is_in_seconds_with_buckets_from_50us_to_10s()
    {
        _ = new InjectorMetrics(_services.GetRequiredService<IMeterFactory>());
        var histogram = Assert.IsType<Histogram<double>>(_instruments.Single(i => i.Name == "sidecar_injection_time"));
        Assert.Equal("s", histogram.Unit);
        var buckets = histogram.Advice!.HistogramBucketBoundaries!;
        Assert.Equal(0.00005, buckets[0]);
        Assert.Equal(10, buckets[^1]);
        Assert.Equal(buckets.Order(), buckets);
    }

    [Fact]
    public void Reload_failures_are_counted_without_labels()
    {
        var metrics = new InjectorMetrics(_services.GetRequiredService<IMeterFactory>());
        metrics.ConfigReloadFailed();
        Assert.Equal(["injector_config_reload_failures "], _recorded);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = string.Join(",", tags.ToArray().OrderBy(t => t.Key).Select(t => t.Key + "=" + t.Value));
        for (var i = 0; i < value; i++) _recorded.Add(instrument.Name + " " + labels);
    }
}
