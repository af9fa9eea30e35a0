using Injector.Admission;

namespace Injector.Http;

/// <summary>
/// What <c>/inject</c> decided, not yet sent: an AdmissionReview in a pooled buffer or a one-line refusal.
/// Why not write at once: the endpoint counts the request first, so a scrape that follows the answer sees it.
/// </summary>
internal readonly struct PendingAnswer
{
    private PendingAnswer(in AdmissionResult result, PooledBufferWriter? review, string? text)
    {
        Result = result;
        Review = review;
        Message = text;
    }

    public AdmissionResult Result { get; }

    /// <summary>The AdmissionReview to send as JSON; owned by the answer, returned to the pool by the sender.</summary>
    public PooledBufferWriter? Review { get; }

    /// <summary>The plain-text line to send when there is no review.</summary>
    public string? Message { get; }

    public static PendingAnswer Json(in AdmissionResult result, PooledBufferWriter review) => new(in result, review, null);

    public static PendingAnswer Text(in AdmissionResult result, string message) => new(in result, null, message);
}
