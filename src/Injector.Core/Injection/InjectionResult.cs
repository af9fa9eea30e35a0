namespace Injector.Injection;

public enum InjectionOutcome
{
    /// <summary>A JSON Patch was written.</summary>
    Injected,
    /// <summary>Nothing to do; <see cref="InjectionResult.Reason"/> is a short, bounded metric label.</summary>
    Skipped,
    /// <summary>The pod is refused (an invalid override annotation); the reason is the message for the user.</summary>
    Denied,
}

/// <summary>The verdict of one injection: errors are values, never exceptions.</summary>
public readonly struct InjectionResult
{
    private InjectionResult(InjectionOutcome outcome, string reason)
    {
        Outcome = outcome;
        Reason = reason;
    }

    public InjectionOutcome Outcome { get; }

    /// <summary>Skip: a bounded label (e.g. <c>host_network</c>). Deny: the message. Inject: empty.</summary>
    public string Reason { get; }

    public static InjectionResult Injected() => new(InjectionOutcome.Injected, string.Empty);
    public static InjectionResult Skipped(string reason) => new(InjectionOutcome.Skipped, reason);
    public static InjectionResult Denied(string message) => new(InjectionOutcome.Denied, message);
}
