using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Injector.Admission;
using Injector.Limits;
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
internal sealed class InjectEndpoint(RevisionStore revisions, InjectorMetrics metrics, InjectOptions options, ILogger<InjectEndpoint> logger,
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

    private async Task<PendingAnswer> DecideAsync(HttpContext context, long started)
    {
        var request = context.Request;
        const string unknown = AdmissionRoute.UnknownRevisionLabel;
        if (!AdmissionRoute.TryParse(request.Path.Value ?? string.Empty, out var route, out var routeError))
            return HttpRefusal.Create(404, HttpRefusal.ReasonNotFound, routeError, unknown);
        var table = revisions.Current;
        if (table is null)
            return HttpRefusal.Create(503, HttpRefusal.ReasonNotReady, "revision config is not loaded yet", unknown);
        var label = route.Revision is null ? table.Default.Name : table.TryGet(route.Revision, out var r) ? r.Name : unknown;

        if (!ContentTypeCheck.IsJson(request.ContentType))
            return HttpRefusal.Create(415, HttpRefusal.ReasonUnsupportedMediaType, "Content-Type must be application/json", label);
        if (!TryGetBudget(request, out var budget))
            return HttpRefusal.Create(400, HttpRefusal.ReasonBadTimeout, "timeout query parameter must be a Go duration such as 10s", label);
        if (request.ContentLength > options.MaxBodyBytes)
            return HttpRefusal.Create(413, HttpRefusal.ReasonTooLarge, TooLargeMessage(), label);

        // One deadline for the whole request: the body read and the engine's work. Only it cancels the read; a caller
        // that goes away needs no token there: Kestrel ends the pending read itself (the HTTP/1.1 body ends short of its
        // Content-Length; the HTTP/2 stream fails with an IOException). Linking RequestAborted in raced with that.
        var deadline = started + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        var reader = request.BodyReader;
        (BodyReadStatus Status, ReadOnlySequence<byte> Buffer, long Reserved) body = default;
        try
        {
            try
            {
                body = await ReadBodyAsync(reader, options.MaxBodyBytes, deadline, _bodyBudget);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The read began after the connection was aborted (Kestrel throws ConnectionAbortedException then).
                return HttpRefusal.ClientLeft(label);
            }
            catch (BadHttpRequestException e)
            {
                return HttpRefusal.FromBadRequest(e, label);
            }
            catch (IOException)
            {
                // The connection or the HTTP/2 stream broke mid-body (reset, GOAWAY, the caller's process exited):
                // Kestrel reports that as an IOException. A client abort, not a bug.
                return HttpRefusal.ClientLeft(label);
            }
            switch (body.Status)
            {
                case BodyReadStatus.TooLarge:
                    return HttpRefusal.Create(413, HttpRefusal.ReasonTooLarge, TooLargeMessage(), label);
                case BodyReadStatus.TimedOut:
                    return HttpRefusal.Create(408, HttpRefusal.ReasonTimeout,
                        "request body not received within the time kube-apiserver allows (?timeout, at most " + (int)InputLimits.MaxRequestTime.TotalSeconds + "s)", label);
                case BodyReadStatus.Overloaded:
                    return HttpRefusal.Create(503, HttpRefusal.ReasonOverloaded,
                        "too many request bodies in flight (" + _bodyBudget.Capacity + " bytes buffered at most); retry", label);
            }
            return Handle(context, reader, body.Buffer, in route, table, label, deadline, verifier is { Fraction: > 0 } ? verifier : null, facts);
        }
        finally
        {
            _bodyBudget.Give(body.Reserved);
        }
    }

    /// <summary>
    /// The time the request may take, from its arrival to its answer. The API server gives up after <c>?timeout</c>;
    /// answering a little before that gives it a clear error instead of its own context-deadline failure. The margin (a
    /// tenth, at most one second) covers the network. Without <c>?timeout</c>, and as its ceiling,
    /// <see cref="InputLimits.MaxRequestTime"/>: nobody waits longer (and a huge value such as 10000h is no error).
    /// </summary>
    private static bool TryGetBudget(HttpRequest request, out TimeSpan budget)
    {
        budget = InputLimits.MaxRequestTime;
        if (!TryFindTimeout(request, out var timeout)) return true;
        if (!GoDuration.TryParse(timeout, out var total) || total <= TimeSpan.Zero) return false;
        if (total > InputLimits.MaxRequestTime) total = InputLimits.MaxRequestTime;
        var margin = TimeSpan.FromTicks(Math.Min(total.Ticks / 10, TimeSpan.TicksPerSecond));
        budget = total - margin;
        return true;
    }

    /// <summary>
    /// The first <c>timeout</c> query value. Scans the raw query instead of building the parsed query collection (a
    /// dictionary per request); the collection, with its decoding, is used only when the query has escapes.
    /// </summary>
    private static bool TryFindTimeout(HttpRequest request, out ReadOnlySpan<char> value)
    {
        value = default;
        var query = request.QueryString.Value.AsSpan();   // "?a=b&c=d", or empty
        if (query.IsEmpty) return false;
        if (query.IndexOfAny('%', '+') >= 0)
        {
            var values = request.Query["timeout"];
            if (values.Count == 0) return false;
            value = values[0];
            return true;
        }
        var pairs = query[1..];
        foreach (var range in pairs.Split('&'))
        {
            var pair = pairs[range];
            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals];
            if (!key.Equals("timeout", StringComparison.OrdinalIgnoreCase)) continue;
            value = equals < 0 ? default : pair[(equals + 1)..];
            return true;
        }
        return false;
    }

    private string TooLargeMessage() => "request body exceeds --max-body-bytes (" + options.MaxBodyBytes + " bytes)";

    /// <summary>
    /// Buffers the request body in the pipe (no copy, no string) until it is complete, exceeds the cap, outlives the
    /// request's deadline or would take more than the shared <see cref="BufferedBodyBudget"/> allows.
    /// On <see cref="BodyReadStatus.Complete"/> the caller uses <c>Buffer</c> and then calls
    /// <c>reader.AdvanceTo(buffer.End)</c>; otherwise nothing more is read. Either way the caller gives
    /// <c>Reserved</c> back to the budget once it is done with the body.
    /// </summary>
    internal static async ValueTask<(BodyReadStatus Status, ReadOnlySequence<byte> Buffer, long Reserved)> ReadBodyAsync(
        PipeReader reader, long maxBytes, long deadlineTimestamp, BufferedBodyBudget budget)
    {
        long reserved = 0;
        // A timer only when the body is not there yet: most bodies are, and a timer per request costs. At the deadline
        // it cancels the pending read (the read returns IsCanceled) instead of a token: a read ended by its token throws
        // and leaves Kestrel's HTTP/1.1 body reader marked as reading, so Kestrel's own drain of the unread body then
        // failed with "Reading is already in progress", logged at error level with a stack trace for every held body.
        CancellationTokenSource? deadline = null;
        CancellationTokenRegistration cancelRead = default;
        try
        {
            while (true)
            {
                if (!reader.TryRead(out var read))
                {
                    var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadlineTimestamp);
                    if (remaining <= TimeSpan.Zero) return (BodyReadStatus.TimedOut, default, reserved);
                    if (deadline is null)
                    {
                        deadline = new CancellationTokenSource(remaining);
                        cancelRead = deadline.Token.UnsafeRegister(static r => ((PipeReader)r!).CancelPendingRead(), reader);
                    }
                    read = await reader.ReadAsync();
                }
                if (read.IsCanceled)
                {
                    // The read ended without consuming anything. Our deadline is one canceller, but not the only one: once,
                    // in the SIGTERM failover test, a read woken during the drain was answered 408 well inside its 30 s.
                    // Only ours ends the body; after any other the read goes on, still bounded by the deadline.
                    reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    if (deadline is { IsCancellationRequested: true } || Stopwatch.GetTimestamp() >= deadlineTimestamp)
                        return (BodyReadStatus.TimedOut, default, reserved);
                    continue;
                }
                var buffer = read.Buffer;
                if (buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    return (BodyReadStatus.TooLarge, default, reserved);
                }
                if (buffer.Length > reserved)
                {
                    if (!budget.TryTake(buffer.Length - reserved, large: buffer.Length > InputLimits.SmallBodyBytes))
                    {
                        reader.AdvanceTo(buffer.Start, buffer.End);
                        return (BodyReadStatus.Overloaded, default, reserved);
                    }
                    reserved = buffer.Length;
                }
                if (read.IsCompleted) return (BodyReadStatus.Complete, buffer, reserved);
                // Examined everything, consumed nothing: the next read returns the whole body so far plus new bytes.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            cancelRead.Dispose();
            deadline?.Dispose();
        }
    }

    internal enum BodyReadStatus
    {
        Complete,
        /// <summary>Past <c>--max-body-bytes</c>.</summary>
        TooLarge,
        /// <summary>The request's time budget ran out before the body was complete.</summary>
        TimedOut,
        /// <summary>All requests together already buffer <see cref="InputLimits.MaxBufferedBodyBytes"/>.</summary>
        Overloaded,
    }

    /// <summary>
    /// Runs the engine on the complete body. Its work stops (by exception) when the caller leaves or the deadline passes;
    /// either way it is counted as what happened, never as a success. An answer finished after the caller left is not one.
    /// </summary>
    private static PendingAnswer Handle(HttpContext context, PipeReader reader, ReadOnlySequence<byte> body,
        in AdmissionRoute route, RevisionTable table, string label, long deadline, ICompiledPathVerifier? verifier, IClusterFacts? facts)
    {
        var review = new PooledBufferWriter();
        try
        {
            var result = AdmissionHandler.Handle(body, in route, table, review, WorkBudget.Until(context.RequestAborted, deadline), verifier, facts);
            try
            {
                reader.AdvanceTo(body.End);
            }
            catch (IOException)
            {
                // The HTTP/2 stream was reset once its request was complete: nobody waits for the answer.
                review.Dispose();
                return HttpRefusal.ClientLeft(label);
            }
            if (context.RequestAborted.IsCancellationRequested)
            {
                review.Dispose();
                return HttpRefusal.ClientLeft(label);
            }
            return PendingAnswer.Json(in result, review);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            review.Dispose();
            return HttpRefusal.ClientLeft(label);
        }
        catch (WorkBudgetExceededException)
        {
            review.Dispose();
            return HttpRefusal.Create(503, HttpRefusal.ReasonDeadlineExceeded,
                "injection did not finish within the request's time budget (?timeout minus its margin, at most "
                + (int)InputLimits.MaxRequestTime.TotalSeconds + "s)", label);
        }
        catch
        {
            review.Dispose();
            throw;
        }
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
