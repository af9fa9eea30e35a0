namespace Injector.Admission;

/// <summary>What one <c>/inject</c> call ended as: drives the metric that is counted and the log line.</summary>
public enum AdmissionOutcome
{
    /// <summary>Allowed with a JSON Patch.</summary>
    Injected,
    /// <summary>Allowed without a patch; the reason label says why (engine skip, not a Pod, not CREATE).</summary>
    Skipped,
    /// <summary><c>allowed: false</c>: the engine refused the pod, or the route names a revision this process lacks.</summary>
    Denied,
    /// <summary>The request itself was unusable (HTTP 4xx/5xx); the reason label says what was wrong.</summary>
    Failed,
}
