namespace Injector.Admission;

/// <summary>The verdict of <see cref="AdmissionHandler.Handle"/>: the HTTP status to send with the written body,
/// the outcome, a bounded reason label for metrics and the revision label (never request-controlled text).</summary>
public readonly struct AdmissionResult
{
    public AdmissionResult(int statusCode, AdmissionOutcome outcome, string reason, string revision, bool dryRun = false, string path = "")
    {
        Path = path;
        StatusCode = statusCode;
        Outcome = outcome;
        Reason = reason;
        Revision = revision;
        DryRun = dryRun;
    }

    public int StatusCode { get; }
    public AdmissionOutcome Outcome { get; }
    /// <summary>Skip/failure/deny label (bounded set); empty when injected.</summary>
    public string Reason { get; }
    /// <summary>The revision that answered, or <see cref="AdmissionRoute.UnknownRevisionLabel"/>.</summary>
    public string Revision { get; }
    public bool DryRun { get; }
    /// <summary>Which engine answered (<see cref="AdmissionPaths"/>), empty when none ran.</summary>
    public string Path { get; }
}
