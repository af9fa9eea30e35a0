using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Injector.Admission;

namespace Injector.Telemetry;

/// <summary>
/// The one owner of the webhook's instruments. Names follow istiod's so existing dashboards keep working; the
/// Prometheus exporter appends <c>_total</c> to counters and the unit suffix to the histogram, so the names here
/// carry neither (docs/metrics.md lists the exposed names). Tag values come from bounded sets only.
/// </summary>
internal sealed class InjectorMetrics
{
    public const string MeterName = "Injector";

    /// <summary>The .NET runtime's built-in meter (<c>dotnet.gc.*</c>, <c>dotnet.process.*</c>, <c>dotnet.thread_pool.*</c>).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    // 50 µs to 10 s: a cached injection takes tens of microseconds; 10 s is kube-apiserver's default webhook timeout.
    private static readonly double[] DurationBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _requests;
    private readonly Counter<long> _success;
    private readonly Counter<long> _skip;
    private readonly Counter<long> _failure;
    private readonly Counter<long> _reloadFailures;
    private readonly Counter<long> _connectionsRefused;
    private readonly Counter<long> _divergence;
    private readonly Counter<long> _verified;
    private readonly Histogram<double> _duration;
    private long _completed;

    public InjectorMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("sidecar_injection_requests", description: "Admission requests received on /inject.");
        _success = meter.CreateCounter<long>("sidecar_injection_success", description: "Requests answered with a sidecar patch.");
        _skip = meter.CreateCounter<long>("sidecar_injection_skip", description: "Requests allowed without a patch, by reason.");
        _failure = meter.CreateCounter<long>("sidecar_injection_failure", description: "Requests refused or failed, by reason.");
        _reloadFailures = meter.CreateCounter<long>("injector_config_reload_failures", description: "Revision config reloads that failed and kept the previous config.");
        _connectionsRefused = meter.CreateCounter<long>("injector_connections_refused",
            description: "Connections closed at once because their port already had its maximum open (--max-connections; 64 on the monitoring port).");
        _divergence = meter.CreateCounter<long>("sidecar_injection_divergence",
            description: "Compiled-path answers that differ from the renderer's (serve --verify-fraction samples them).");
        _verified = meter.CreateCounter<long>("sidecar_injection_verified",
            description: "Compiled-path answers checked against the renderer (serve --verify-fraction).");
        _duration = meter.CreateHistogram("sidecar_injection_time", unit: "s",
            description: "Time from request start to the answer being written.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>Counts one finished <c>/inject</c> request and its duration.</summary>
    public void RequestCompleted(in AdmissionResult result, double seconds)
    {
        Interlocked.Increment(ref _completed);
        if (_requests.Enabled || _duration.Enabled) RequestCompletedCore(in result, seconds);
    }

    /// <summary>Requests counted so far (whether or not a metrics listener is attached): how busy the process is.</summary>
    public long CompletedRequests => Volatile.Read(ref _completed);

    /// <summary>
    /// Called once the metrics pipeline listens: records zero so the reload-failure series exists (and alerts on
    /// <c>increase()</c> work) before the first failure.
    /// </summary>
    public void PublishInitialValues() => _reloadFailures.Add(0);

    /// <summary>A connection to <paramref name="port"/> (<c>inject</c> or <c>monitoring</c>) was over its port's limit.</summary>
    public void ConnectionRefused(string port) => _connectionsRefused.Add(1, new KeyValuePair<string, object?>("port", port));

    /// <summary>One sampled compiled-path answer was checked against the renderer; <paramref name="diverged"/>: they differ.</summary>
    public void CompiledPathChecked(string revision, bool diverged)
    {
        var tag = new KeyValuePair<string, object?>("revision", revision);
        _verified.Add(1, tag);
        if (diverged) _divergence.Add(1, tag);
    }

    /// <summary>For the revision watcher: a reload failed and the previous table stays in force.</summary>
    public void ConfigReloadFailed() => _reloadFailures.Add(1);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RequestCompletedCore(in AdmissionResult result, double seconds)
    {
        var revision = new KeyValuePair<string, object?>("revision", result.Revision);
        _requests.Add(1, revision);
        _duration.Record(seconds, revision);
        switch (result.Outcome)
        {
            case AdmissionOutcome.Injected:
                // path: which engine wrote the patch (compiled fast path or Istio's rendered algorithm).
                _success.Add(1, revision, new KeyValuePair<string, object?>("path", result.Path));
                break;
            case AdmissionOutcome.Skipped:
                _skip.Add(1, revision, new KeyValuePair<string, object?>("reason", result.Reason));
                break;
            default:
                _failure.Add(1, revision, new KeyValuePair<string, object?>("reason", result.Reason));
                break;
        }
    }
}
