using Injector.Injection;
using Injector.Revisions;

namespace Injector.Admission;

/// <summary>
/// Receives a sample of the compiled path's answers to check them against the renderer (<c>serve --verify-fraction</c>).
/// <see cref="ShouldVerify"/> is asked once per compiled answer and must be cheap; <see cref="Submit"/> gets a copy
/// after the answer is written and must not block the request (queue the work).
/// </summary>
public interface ICompiledPathVerifier
{
    bool ShouldVerify();

    void Submit(CompiledAnswer answer);
}

/// <summary>A compiled-path answer, copied out of the request: the pod as sent, its namespace, and what was answered.</summary>
public sealed record CompiledAnswer(ServedRevision Revision, string? Namespace, string PodName, byte[] Pod, InjectionOutcome Outcome, byte[] Patch);
