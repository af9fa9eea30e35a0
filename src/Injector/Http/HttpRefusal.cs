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
