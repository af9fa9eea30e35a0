using System.Diagnostics;

namespace Injector.Limits;

/// <summary>
/// How long one request's work may still run, and whether its caller is still there. The engine's work is linear in
/// the review, but a 6 MiB review on a loaded machine still takes a while: loops that grow with the input call
/// <see cref="Spend"/>, which looks at the clock and the caller every <see cref="CheckEvery"/> calls, and the handler
/// calls <see cref="Check"/> between phases. Stopping throws: <see cref="OperationCanceledException"/> when the caller
/// left, <see cref="WorkBudgetExceededException"/> when the deadline passed; neither is ever counted as a success.
/// One per request, used by one thread (the engine is synchronous).
/// </summary>
public sealed class WorkBudget
{
    private const int CheckEvery = 256;

    /// <summary>No deadline and no caller to lose: tests, <c>kube-inject</c>, benchmarks.</summary>
    public static WorkBudget Unlimited { get; } = new(CancellationToken.None, long.MaxValue);

    private readonly CancellationToken _callerGone;
    private readonly long _deadline;
    private int _spent;

    private WorkBudget(CancellationToken callerGone, long deadlineTimestamp)
    {
        _callerGone = callerGone;
        _deadline = deadlineTimestamp;
    }

    /// <param name="callerGone">Cancelled when the caller goes away (the request's abort token).</param>
    /// <param name="deadlineTimestamp">The <see cref="Stopwatch.GetTimestamp"/> value after which the work stops.</param>
    public static WorkBudget Until(CancellationToken callerGone, long deadlineTimestamp) => new(callerGone, deadlineTimestamp);

    /// <summary>Units spent so far (for tests).</summary>
    internal int Spent => _spent;

    /// <summary>One unit of input-sized work; every <see cref="CheckEvery"/> units, <see cref="Check"/>.</summary>
    public void Spend()
    {
        if (++_spent % CheckEvery == 0) Check();
    }

    /// <summary>Throws if the caller left or the deadline passed.</summary>
    public void Check()
    {
        if (_deadline == long.MaxValue) return;
        _callerGone.ThrowIfCancellationRequested();
        if (Stopwatch.GetTimestamp() > _deadline) throw new WorkBudgetExceededException();
    }
}

/// <summary>The request's deadline passed before its work was done (see <see cref="WorkBudget"/>).</summary>
public sealed class WorkBudgetExceededException() : Exception("the request's time budget ran out before the injection was done");
