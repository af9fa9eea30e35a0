using Injector.Admission;
using Microsoft.AspNetCore.Http;

namespace Injector.Http;

internal sealed partial class InjectEndpoint
{
    private async Task<AdmissionResult> ProcessAsync(HttpContext context)
    {
        var request = context.Request;
        const string unknown = AdmissionRoute.UnknownRevisionLabel;
        if (!AdmissionRoute.TryParse(request.Path.Value ?? string.Empty, out var route, out var routeError))
            return await HttpRefusal.WriteAsync(context, 404, HttpRefusal.ReasonNotFound, routeError, unknown);
        var table = revisions.Current;
        if (table is null)
            return await HttpRefusal.WriteAsync(context, 503, HttpRefusal.ReasonNotReady, "revision config is not loaded yet", unknown);
        var label = route.Revision is null ? table.Default.Name : table.TryGet(route.Revision, out var r) ? r.Name : unknown;

        if (!ContentTypeCheck.IsJson(request.ContentType))
            return await HttpRefusal.WriteAsync(context, 415, HttpRefusal.ReasonUnsupportedMediaType, "Content-Type must be application/json", label);
        if (!TryGetBudget(request, out var budget))
            return await HttpRefusal.WriteAsync(context, 400, HttpRefusal.ReasonBadTimeout, "timeout query parameter must be a Go duration such as 10s", label);
        if (request.ContentLength > options.MaxBodyBytes)
            return await HttpRefusal.WriteAsync(context, 413, HttpRefusal.ReasonTooLarge, TooLargeMessage(), label);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (budget is { } b) deadline.CancelAfter(b);
        var reader = request.BodyReader;
        (BodyReadStatus Status, System.Buffers.ReadOnlySequence<byte> Buffer) body;
        try
        {
            body = await RequestBodyReader.ReadAsync(reader, options.MaxBodyBytes, deadline.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return await HttpRefusal.WriteAsync(context, 408, HttpRefusal.ReasonTimeout,
                "request body not received within the time kube-apiserver allows (?timeout)", label);
        }
        if (body.Status == BodyReadStatus.TooLarge)
            return await HttpRefusal.WriteAsync(context, 413, HttpRefusal.ReasonTooLarge, TooLargeMessage(), label);

        var result = await AnswerAsync(context, body.Buffer, route, table);
        reader.AdvanceTo(body.Buffer.End);
        return result;
    }

    /// <summary>Runs the handler into a pooled buffer, then sends it with its status and exact Content-Length.</summary>
    private static async Task<AdmissionResult> AnswerAsync(HttpContext context, System.Buffers.ReadOnlySequence<byte> body, AdmissionRoute route, Revisions.RevisionTable table)
    {
        using var answer = new PooledBufferWriter();
        var result = AdmissionHandler.Handle(body, in route, table, answer);
        var response = context.Response;
        response.StatusCode = result.StatusCode;
        response.ContentType = "application/json";
        response.ContentLength = answer.WrittenCount;
        await response.Body.WriteAsync(answer.WrittenMemory, context.RequestAborted);
        return result;
    }

    /// <summary>
    /// The API server gives up after <c>?timeout</c>; answering 408 a little before that gives it a clear error
    /// instead of its own context-deadline failure. The margin (a tenth, at most one second) covers the network.
    /// </summary>
    private static bool TryGetBudget(HttpRequest request, out TimeSpan? budget)
    {
        budget = null;
        var timeout = request.Query["timeout"];
        if (timeout.Count == 0) return true;
        if (!GoDuration.TryParse(timeout[0], out var total) || total <= TimeSpan.Zero) return false;
        var margin = TimeSpan.FromTicks(Math.Min(total.Ticks / 10, TimeSpan.TicksPerSecond));
        budget = total - margin;
        return true;
    }

    private string TooLargeMessage() => "request body exceeds --max-body-bytes (" + options.MaxBodyBytes + " bytes)";
}
