using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using Injector.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Injector.Hosting;

/// <summary>
/// Watches the serving certificate's expiry, whichever way it arrived (files, self-signed, managed CA):
/// <c>injector_serving_certificate_expiry_timestamp_seconds</c> reports its NotAfter at every scrape, and a warning is
/// logged once less than a third of its validity is left (checked at start and hourly; repeated daily).
/// </summary>
internal sealed class CertificateExpiryMonitor : IHostedService, IDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan RepeatWarning = TimeSpan.FromDays(1);
    private readonly CertificateStore _store;
    private readonly ILogger<CertificateExpiryMonitor> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Timer? _timer;
    private string? _warnedThumbprint;
    private DateTimeOffset _warnedAt;

    public CertificateExpiryMonitor(CertificateStore store, IMeterFactory meters, ILogger<CertificateExpiryMonitor> logger, TimeProvider? time = null)
    {
        _store = store;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        meters.Create(InjectorMetrics.MeterName).CreateObservableGauge("injector_serving_certificate_expiry_timestamp", ObserveExpiry, unit: "s",
            description: "NotAfter of the certificate served on the HTTPS port, as Unix seconds (alert on it minus time()).");
    }

    private IEnumerable<Measurement<double>> ObserveExpiry()
    {
        if (_store.Current is { } certificate) yield return new Measurement<double>(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()).ToUnixTimeSeconds());
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new Timer(_ => Check(), null, TimeSpan.Zero, CheckInterval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    /// <summary>Logs the warning when the current certificate is expiring (once per certificate and day). Also called on a reload.</summary>
    public void Check()
    {
        if (_store.Current is not { } certificate) return;
        var now = _time.GetUtcNow();
        if (!CertificateChecks.IsExpiring(certificate, now)) return;
        lock (_lock)
        {
            if (_warnedThumbprint == certificate.Thumbprint && now - _warnedAt < RepeatWarning) return;
            _warnedThumbprint = certificate.Thumbprint;
            _warnedAt = now;
        }
        LogEvents.CertificateExpiring(_logger, certificate.Subject, certificate.NotAfter.ToUniversalTime(), Left(certificate, now));
    }

    private static string Left(X509Certificate2 certificate, DateTimeOffset now)
    {
        var left = certificate.NotAfter.ToUniversalTime() - now.UtcDateTime;
        return left.TotalDays >= 1 ? ((int)left.TotalDays) + "d" : ((int)Math.Max(0, left.TotalHours)) + "h";
    }

    public void Dispose() => _timer?.Dispose();
}
