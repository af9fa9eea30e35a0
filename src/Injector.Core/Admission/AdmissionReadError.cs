namespace Injector.Admission;

/// <summary>Why a body is not a usable AdmissionReview: a bounded metric label and a one-line message.</summary>
public readonly struct AdmissionReadError
{
    public AdmissionReadError(string reason, string message)
    {
        Reason = reason;
        Message = message;
    }

    /// <summary>One of the labels listed in docs/bad-input.md (e.g. <c>invalid_json</c>).</summary>
    public string Reason { get; }
    public string Message { get; }
}
