using Injector.Telemetry;
using Microsoft.Extensions.Logging;

namespace Injector.Kubernetes.ClusterFacts;

/// <summary>The cluster facts' log events (IDs in <see cref="LogEventIds"/>, 5100-5199): one line per change of state.</summary>
internal static partial class ClusterFactsLog
{
    [LoggerMessage(LogEventIds.ClusterFactsWatchSynced, LogLevel.Information, "Watching {Resource} on {Server}: {Count} listed",
        EventName = "ClusterFactsWatchSynced")]
    public static partial void WatchSynced(ILogger logger, string resource, string server, int count);

    [LoggerMessage(LogEventIds.ClusterFactsWatchFailed, LogLevel.Warning,
        "Cannot watch {Resource} on {Server}, retrying with backoff; the last known state stays in force: {Reason}", EventName = "ClusterFactsWatchFailed")]
    public static partial void WatchFailed(ILogger logger, string resource, string server, string reason);

    [LoggerMessage(LogEventIds.ClusterFactsUnavailable, LogLevel.Information,
        "No API server access ({Reason}): {Needed} not known; injecting with the offline defaults (docs/serving.md, \"Cluster facts\")",
        EventName = "ClusterFactsUnavailable")]
    public static partial void Unavailable(ILogger logger, string needed, string reason);

    [LoggerMessage(LogEventIds.ClusterFactsStarted, LogLevel.Information, "Watching {Resource} for {Why}", EventName = "ClusterFactsStarted")]
    public static partial void Started(ILogger logger, string resource, string why);

    [LoggerMessage(LogEventIds.ClusterFactsStopped, LogLevel.Information, "Stopped watching {Resource}: no served revision reads them", EventName = "ClusterFactsStopped")]
    public static partial void Stopped(ILogger logger, string resource);
}
