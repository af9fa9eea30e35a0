using Microsoft.Extensions.Logging;

namespace Injector.Telemetry;

/// <summary>
/// Every log event of the server, with stable ids from <see cref="LogEventIds"/>. Nothing here logs pod specs or env values:
/// request events carry only uid-free labels (outcome, reason, revision).
/// </summary>
internal static partial class LogEvents
{
    [LoggerMessage(LogEventIds.ServingStarted, LogLevel.Information, "Serving /inject on https://{Address}:{Port} and /metrics, /healthz, /readyz on http://{MonitoringAddress}:{MonitoringPort}; default revision {Revision}", EventName = "ServingStarted")]
    public static partial void ServingStarted(ILogger logger, string address, int port, string monitoringAddress, int monitoringPort, string revision);

    [LoggerMessage(LogEventIds.SelfSignedCertificate, LogLevel.Warning, "No --tls-cert given: serving with an in-memory self-signed certificate for localhost/127.0.0.1 (for local use only; the API server will not trust it)", EventName = "SelfSignedCertificate")]
    public static partial void SelfSignedCertificate(ILogger logger);

    [LoggerMessage(LogEventIds.CertificateLoaded, LogLevel.Information, "Loaded TLS certificate {Subject} (expires {NotAfter:u}) from {CertPath}", EventName = "CertificateLoaded")]
    public static partial void CertificateLoaded(ILogger logger, string subject, DateTime notAfter, string certPath);

    [LoggerMessage(LogEventIds.CertificateReloadFailed, LogLevel.Warning, "Could not reload the TLS certificate from {CertPath}; keeping the previous one: {Message}", EventName = "CertificateReloadFailed")]
    public static partial void CertificateReloadFailed(ILogger logger, string certPath, string message);

    [LoggerMessage(LogEventIds.RevisionsLoaded, LogLevel.Information, "Loaded {Count} revision(s); /inject serves revision {Revision}", EventName = "RevisionsLoaded")]
    public static partial void RevisionsLoaded(ILogger logger, int count, string revision);

    [LoggerMessage(LogEventIds.ShutdownStarted, LogLevel.Information, "Shutting down: readiness is now 503; draining for {Delay} before closing listeners", EventName = "ShutdownStarted")]
    public static partial void ShutdownStarted(ILogger logger, TimeSpan delay);

    [LoggerMessage(LogEventIds.RequestHandled, LogLevel.Debug, "Admission {Outcome} ({Reason}) revision {Revision} status {StatusCode} dryRun {DryRun}", EventName = "RequestHandled")]
    public static partial void RequestHandled(ILogger logger, string outcome, string reason, string revision, int statusCode, bool dryRun);

    [LoggerMessage(LogEventIds.UnhandledException, LogLevel.Error, "Unhandled exception on /inject (answered 500)", EventName = "UnhandledException")]
    public static partial void UnhandledException(ILogger logger, Exception exception);

    [LoggerMessage(LogEventIds.RequestRefused, LogLevel.Warning, "Request on /inject refused: {Reason} (status {StatusCode})", EventName = "RequestRefused")]
    public static partial void RequestRefused(ILogger logger, string reason, int statusCode);

    [LoggerMessage(LogEventIds.CompiledPathDivergence, LogLevel.Warning, "Compiled path differs from the renderer for pod {PodName} in namespace {Namespace} (revision {Revision}) at {Difference}; see docs/compiled-path.md", EventName = "CompiledPathDivergence")]
    public static partial void CompiledPathDivergence(ILogger logger, string podName, string @namespace, string revision, string difference);

    [LoggerMessage(LogEventIds.CompiledPathCheckFailed, LogLevel.Warning, "Could not check a compiled-path answer against the renderer (pod {PodName}, revision {Revision})", EventName = "CompiledPathCheckFailed")]
    public static partial void CompiledPathCheckFailed(ILogger logger, string podName, string revision, Exception exception);

    [LoggerMessage(LogEventIds.StartupFailed, LogLevel.Critical, "Cannot start: {Message}", EventName = "StartupFailed")]
    public static partial void StartupFailed(ILogger logger, string message);

    [LoggerMessage(LogEventIds.CertificateReloaded, LogLevel.Information, "TLS certificate files changed; now serving {Subject} (expires {NotAfter:u})", EventName = "CertificateReloaded")]
    public static partial void CertificateReloaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(LogEventIds.ShutdownCompleted, LogLevel.Information, "Stopped accepting connections; in-flight requests finished", EventName = "ShutdownCompleted")]
    public static partial void ShutdownCompleted(ILogger logger);

    [LoggerMessage(LogEventIds.CertificateExpiring, LogLevel.Warning, "The TLS certificate {Subject} expires at {NotAfter:u} ({Left} left, under a third of its validity): renew it", EventName = "CertificateExpiring")]
    public static partial void CertificateExpiring(ILogger logger, string subject, DateTime notAfter, string left);

    [LoggerMessage(LogEventIds.ConnectionLimitReached, LogLevel.Warning, "Connection limit reached on the {Port} port ({Max} open): new connections are closed at once (logged at most once a minute; counted in injector_connections_refused_total)", EventName = "ConnectionLimitReached")]
    public static partial void ConnectionLimitReached(ILogger logger, string port, int max);
}
