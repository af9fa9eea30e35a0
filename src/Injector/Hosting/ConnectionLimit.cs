using System.Diagnostics;
using Injector.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Injector.Hosting;

/// <summary>
/// At most N open connections on one port (each port its own count, so a flood of the webhook port leaves the
/// kubelet's probes room on the monitoring port). A connection over the limit is closed at once, before TLS, counted
/// in <c>injector_connections_refused_total{port}</c> and logged at most once a minute. Kestrel's own
/// <c>MaxConcurrentConnections</c> is one count for every port together.
/// </summary>
internal sealed class ConnectionLimit(int max, string port, InjectorMetrics metrics, ILogger logger)
{
    private static readonly long LogInterval = Stopwatch.Frequency * 60;
    private int _open;
    private long _lastLogged = -LogInterval;

    /// <summary>Connections open right now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>The connection middleware; put it before <c>UseHttps</c> so a refused connection costs no handshake.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        if (Interlocked.Increment(ref _open) > max)
        {
            Interlocked.Decrement(ref _open);
            Refused();
            return; // Kestrel closes the connection when the delegate returns
        }
        try
        {
            await next(connection);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    };

    private void Refused()
    {
        metrics.ConnectionRefused(port);
        var now = Stopwatch.GetTimestamp();
        var last = Volatile.Read(ref _lastLogged);
        if (now - last >= LogInterval && Interlocked.CompareExchange(ref _lastLogged, now, last) == last)
        {
            LogEvents.ConnectionLimitReached(logger, port, max);
        }
    }
}
