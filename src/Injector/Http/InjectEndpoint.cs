using System.Diagnostics;
using Injector.Admission;
using Injector.Revisions;
using Injector.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Injector.Http;

/// <summary>
/// <c>POST /inject[/key/value...]</c>: transport only. Checks the request, buffers the body, hands the bytes to
/// <see cref="AdmissionHandler"/> and writes its answer. Exceptions are bugs: caught here, once, as a 500.
/// </summary>
internal sealed partial class InjectEndpoint(RevisionStore revisions, InjectorMetrics metrics, InjectOptions options, ILogger<InjectEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        AdmissionResult result;
        try
        {
            result = await ProcessAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            result = new AdmissionResult(499, AdmissionOutcome.Failed, HttpRefusal.ReasonClientAborted, AdmissionRoute.UnknownRevisionLabel);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            // Kestrel's own limits (body size, minimum data rate) surface here with their status code.
            var reason = e.StatusCode == 413 ? HttpRefusal.ReasonTooLarge : HttpRefusal.ReasonTimeout;
            result = await HttpRefusal.WriteAsync(context, e.StatusCode, reason, e.Message, AdmissionRoute.UnknownRevisionLabel);
        }
        catch (Exception e)
        {
            LogEvents.UnhandledException(logger, e);
            result = await HttpRefusal.WriteAsync(context, 500, HttpRefusal.ReasonInternalError,
                "internal error while handling the admission request (see injector logs)", AdmissionRoute.UnknownRevisionLabel);
        }

        metrics.RequestCompleted(in result, Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (result.Outcome == AdmissionOutcome.Failed) LogEvents.RequestRefused(logger, result.Reason, result.StatusCode);
        else if (logger.IsEnabled(LogLevel.Debug))
            LogEvents.RequestHandled(logger, result.Outcome.ToString(), result.Reason, result.Revision, result.StatusCode, result.DryRun);
    }
}
