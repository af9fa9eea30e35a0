using System.Diagnostics;
using Injector.Admission;
using Injector.Revisions;
using Injector.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Injector.Http;

/// <summary>
/// <c>POST /inject[/key/value...]</c>: transport only. Checks the request, buffers the body, hands the bytes to
/// <see cref="AdmissionHandler"/>, counts the outcome, then sends the answer. Exceptions are bugs: caught here, once,
/// as a 500.
/// </summary>
internal sealed partial class InjectEndpoint(RevisionStore revisions, InjectorMetrics metrics, InjectOptions options, ILogger<InjectEndpoint> logger,
    Telemetry.CompiledPathVerifier? verifier = null, IClusterFacts? facts = null)
{
    private readonly BufferedBodyBudget _bodyBudget = new(options.MaxBufferedBodyBytes);

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        PendingAnswer answer;
        try
        {
            answer = await DecideAsync(context, started);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // Nobody to answer: counted below, and SendAsync sends nothing.
            answer = HttpRefusal.ClientLeft(AdmissionRoute.UnknownRevisionLabel);
        }
        catch (BadHttpRequestException e)
        {
            // Body problems are answered inside DecideAsync with the revision label; this is the safety net.
            answer = HttpRefusal.FromBadRequest(e, AdmissionRoute.UnknownRevisionLabel);
        }
        catch (Exception e)
        {
            LogEvents.UnhandledException(logger, e);
            answer = HttpRefusal.Create(500, HttpRefusal.ReasonInternalError,
                "internal error while handling the admission request (see injector logs)", AdmissionRoute.UnknownRevisionLabel);
        }

        Count(answer.Result, started);
        await SendAsync(context, answer);
    }

    private void Count(in AdmissionResult result, long started)
    {
        metrics.RequestCompleted(in result, Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (result.Outcome == AdmissionOutcome.Failed) LogEvents.RequestRefused(logger, result.Reason, result.StatusCode);
        else if (logger.IsEnabled(LogLevel.Debug))
            LogEvents.RequestHandled(logger, result.Outcome.ToString(), result.Reason, result.Revision, result.StatusCode, result.DryRun);
    }

    /// <summary>Sends the review with its exact Content-Length straight into the response pipe, or the refusal text.</summary>
    private static async Task SendAsync(HttpContext context, PendingAnswer answer)
    {
        try
        {
            if (answer.Result.StatusCode == HttpRefusal.ClientLeftStatus) return;
            if (answer.Review is not { } review)
            {
                await HttpRefusal.WriteAsync(context, answer.Result.StatusCode, answer.Message!);
                return;
            }
            using (review)
            {
                var response = context.Response;
                response.StatusCode = answer.Result.StatusCode;
                response.ContentType = "application/json";
                response.ContentLength = review.WrittenCount;
                await response.BodyWriter.WriteAsync(review.WrittenMemory, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is IOException || (e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            // The client left while the answer was on its way (a cancelled write, or a reset connection surfacing as
            // an IOException); it was counted, there is no one to tell.
        }
    }
}
