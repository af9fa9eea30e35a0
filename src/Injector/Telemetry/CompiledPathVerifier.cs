using Injector.Admission;
using Microsoft.Extensions.Logging;

namespace Injector.Telemetry;

/// <summary>
/// <c>serve --verify-fraction F</c>: a fraction F of the compiled path's answers are rendered again on the thread pool,
/// after the answer is written, and compared (<see cref="CompiledPathCheck"/>). Every check counts
/// <c>sidecar_injection_verified_total</c>, a difference <c>sidecar_injection_divergence_total</c>, both by revision;
/// the first <see cref="MaxLogged"/> differences are logged with the pod's name and the first differing path.
/// At most <see cref="MaxPending"/> checks wait at once: a burst drops samples rather than queueing renders.
/// </summary>
internal sealed class CompiledPathVerifier(double fraction, InjectorMetrics metrics, ILogger<CompiledPathVerifier> logger) : ICompiledPathVerifier
{
    public const int MaxLogged = 10;
    public const int MaxPending = 4;

    private int _logged;
    private int _pending;

    public double Fraction { get; } = fraction is >= 0 and <= 1 ? fraction : throw new ArgumentOutOfRangeException(nameof(fraction), "must be within 0..1");

    public bool ShouldVerify() => Fraction > 0 && (Fraction >= 1 || Random.Shared.NextDouble() < Fraction) && Volatile.Read(ref _pending) < MaxPending;

    public void Submit(CompiledAnswer answer)
    {
        if (Interlocked.Increment(ref _pending) > MaxPending)
        {
            Interlocked.Decrement(ref _pending);
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Verifier.Check(state.Answer), (Verifier: this, Answer: answer), preferLocal: false);
    }

    /// <summary>The check itself (synchronous; tests call it directly). Returns the difference, or null.</summary>
    internal string? Check(CompiledAnswer answer)
    {
        try
        {
            var difference = CompiledPathCheck.FirstDifference(answer.Pod, answer.Namespace, answer.Revision, answer.Outcome, answer.Patch);
            metrics.CompiledPathChecked(answer.Revision.Name, difference is not null);
            if (difference is not null && Interlocked.Increment(ref _logged) <= MaxLogged)
            {
                LogEvents.CompiledPathDivergence(logger, answer.PodName, answer.Namespace ?? "", answer.Revision.Name, difference);
            }
            return difference;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A check that cannot run is a finding too: counted as a divergence, logged once per process at most ten times.
            metrics.CompiledPathChecked(answer.Revision.Name, diverged: true);
            if (Interlocked.Increment(ref _logged) <= MaxLogged) LogEvents.CompiledPathCheckFailed(logger, answer.PodName, answer.Revision.Name, ex);
            return "check failed: " + ex.Message;
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }
}
