using Injector.Admission;
using Microsoft.AspNetCore.Http;

namespace Injector.Http;

/// <summary>Answers that happen before an AdmissionReview exists: a status code and one line of plain text.</summary>
internal static class HttpRefusal
{
    public const string ReasonNotFound = "not_found";
    public const string ReasonUnsupportedMediaType = "unsupported_media_type";
    public const string ReasonBadTimeout = "bad_timeout";
    public const string ReasonTooLarge = "body_too_large";
    public const string ReasonTimeout = "timeout";
    public const string ReasonNotReady = "not_ready";
    public const string ReasonInternalError = "internal_error";
    public const string ReasonClientAborted = "client_aborted";
    public const string ReasonIncompleteBody = "incomplete_body";
    public const string ReasonOverloaded = "overloaded";
    public const string ReasonDeadlineExceeded = "deadline_exceeded";

    /// <summary>nginx's "client closed request": counted, never sent (there is no one to send it to).</summary>
    public const int ClientLeftStatus = 499;

    /// <summary>The caller went away before the answer: counted as <see cref="ReasonClientAborted"/>, nothing is sent.</summary>
    public static PendingAnswer ClientLeft(string revisionLabel) =>
        PendingAnswer.Text(new AdmissionResult(ClientLeftStatus, AdmissionOutcome.Failed, ReasonClientAborted, revisionLabel), string.Empty);

    /// <summary>
    /// Kestrel's own verdicts on a body: over the size limit (413), under the minimum data rate (408), or cut short /
    /// badly framed (400: the caller closed or reset its connection before the Content-Length was reached).
    /// </summary>
    public static PendingAnswer FromBadRequest(BadHttpRequestException e, string revisionLabel) => e.StatusCode switch
    {
        413 => Create(413, ReasonTooLarge, e.Message, revisionLabel),
        408 => Create(408, ReasonTimeout, e.Message, revisionLabel),
        _ => Create(400, ReasonIncompleteBody, "request body is incomplete or badly framed: " + e.Message, revisionLabel),
    };

    public static PendingAnswer Create(int statusCode, string reason, string message, string revisionLabel) =>
        PendingAnswer.Text(new AdmissionResult(statusCode, AdmissionOutcome.Failed, reason, revisionLabel), message);

    public static async Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        var response = context.Response;
        if (response.HasStarted) return;
        response.StatusCode = statusCode;
        response.ContentType = "text/plain; charset=utf-8";
        // The body was not read to its end: closing the HTTP/1.1 connection is cheaper than draining it.
        if (statusCode is 408 or 413 && HttpProtocol.IsHttp11(context.Request.Protocol)) response.Headers.Connection = "close";
        await response.WriteAsync(message + "\n", context.RequestAborted);
    }
}
