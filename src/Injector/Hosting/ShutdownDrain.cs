using Injector.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Injector.Hosting;

/// <summary>
/// Runs first when the host stops (SIGTERM): readiness turns 503 at once, then the listeners stay open for
/// <see cref="ServeOptions.ShutdownDelay"/> so that endpoints controllers and load balancers stop sending new
/// requests before Kestrel stops accepting. Kestrel then finishes in-flight requests and closes keep-alive
/// connections; the host's shutdown timeout bounds the whole sequence.
/// </summary>
internal sealed class ShutdownDrain(ServeOptions options, ReadinessState readiness, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        readiness.MarkStopping();
        LogEvents.ShutdownStarted(logger, options.ShutdownDelay);
        try
        {
            await Task.Delay(options.ShutdownDelay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutdown timeout reached during the delay: stop now.
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        LogEvents.ShutdownCompleted(logger);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
