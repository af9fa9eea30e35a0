using Injector.Admission;
using Microsoft.AspNetCore.Http;

namespace Injector.Http;

internal sealed partial class InjectEndpoint
{
    private async Task<PendingAnswer> DecideAsync(HttpContext context)
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

        // Only ?timeout's budget cancels the read. A caller that goes away needs no token: Kestrel ends the pending
        // read itself (the HTTP/1.1 body ends short of its Content-Length; the HTTP/2 stream fails with an IOException).
        // Linking RequestAborted in raced with that, so the same reset was counted one way or the other, and without
        // the revision label when the token won.
        using var deadline = budget is { } b ? new CancellationTokenSource(b) : null;
        var reader = request.BodyReader;
        (BodyReadStatus Status, System.Buffers.ReadOnlySequence<byte> Buffer) body;
        try
        {
            body = await RequestBodyReader.ReadAsync(reader, options.MaxBodyBytes, deadline?.Token ?? CancellationToken.None);
        }
        catch (OperationCanceledException) when (deadline?.IsCancellationRequested == true)
        {
            return HttpRefusal.Create(408, HttpRefusal.ReasonTimeout,
                "request body not received within the time kube-apiserver allows (?timeout)", label);
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
        if (body.Status == BodyReadStatus.TooLarge)
            return HttpRefusal.Create(413, HttpRefusal.ReasonTooLarge, TooLargeMessage(), label);

        var review = new PooledBufferWriter();
        try
        {
            var result = AdmissionHandler.Handle(body.Buffer, in route, table, review);
            reader.AdvanceTo(body.Buffer.End);
            return PendingAnswer.Json(in result, review);
        }
        catch
        {
            review.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The API server gives up after <c>?timeout</c>; answering 408 a little before that gives it a clear error
    /// instead of its own context-deadline failure. The margin (a tenth, at most one second) covers the network.
    /// </summary>
    private static bool TryGetBudget(HttpRequest request, out TimeSpan? budget)
    {
        budget = null;
        if (!TryFindTimeout(request, out var timeout)) return true;
        if (!GoDuration.TryParse(timeout, out var total) || total <= TimeSpan.Zero) return false;
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
}
