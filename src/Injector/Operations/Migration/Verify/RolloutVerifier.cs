using System.Globalization;
using Injector.Common;
using Injector.Kubernetes;

namespace Injector.Operations.Migration.Verify;

/// <summary>
/// <c>migrate --verify</c>: watches each restarted workload until its rollout is complete and available and every new
/// pod carries the target revision's status annotation, or until the first workload that cannot get there (a failed
/// rollout, a pod on the wrong revision or without a sidecar, the timeout). The decisions are
/// <see cref="RolloutStatus"/> and <see cref="PodRevisionCheck"/>; this class only polls.
/// </summary>
internal sealed class RolloutVerifier(InjectorCluster cluster, TextWriter output, TimeProvider time)
{
    /// <summary>Null when every workload passed; else the failing workload and why.</summary>
    public async Task<string?> VerifyAsync(string ns, IReadOnlyList<RestartedWorkload> workloads, string revision,
        TimeSpan timeout, TimeSpan pollInterval, CancellationToken ct)
    {
        output.WriteLine($"verifying the rollout of {workloads.Count} workload(s) onto revision {revision} (timeout {Duration(timeout)})");
        var deadline = time.GetUtcNow() + timeout;
        var pending = new List<RestartedWorkload>(workloads);
        var lastState = new Dictionary<RestartedWorkload, string>();
        while (true)
        {
            for (var i = 0; i < pending.Count; i++)
            {
                var workload = pending[i];
                var verdict = await CheckAsync(ns, workload, revision, ct).ConfigureAwait(false);
                switch (verdict.Phase)
                {
                    case RolloutPhase.Failed:
                        return workload.Subject + ": " + verdict.Message;
                    case RolloutPhase.Complete:
                        output.WriteLine(workload.Subject + ": rolled out, " + verdict.Message);
                        pending.RemoveAt(i--);
                        break;
                    default:
                        lastState[workload] = verdict.Message;
                        break;
                }
            }
            if (pending.Count == 0) return null;
            if (time.GetUtcNow() >= deadline)
            {
                var stuck = pending[0];
                return stuck.Subject + ": not rolled out after " + Duration(timeout) + " (" + lastState.GetValueOrDefault(stuck, "no status") + ")";
            }
            await Task.Delay(pollInterval, time, ct).ConfigureAwait(false);
        }
    }

    private async Task<RolloutState> CheckAsync(string ns, RestartedWorkload workload, string revision, CancellationToken ct)
    {
        var current = await cluster.GetWorkloadAsync(ns, workload.Resource, workload.Name, ct).ConfigureAwait(false);
        if (current is null) return new(RolloutPhase.Failed, "deleted during the rollout");
        var rollout = RolloutStatus.Evaluate(workload.Resource, current);
        if (rollout.Phase != RolloutPhase.Complete) return rollout;
        var pods = await cluster.ListPodsAsync(ns, EqualitySelector(workload), ct).ConfigureAwait(false);
        var selected = workload.Selector is { } selector ? pods.Where(p => selector.Matches(JsonFields.Labels(p))) : pods;
        if (PodRevisionCheck.Problem(selected, revision, out var checkedPods) is { } problem) return new(RolloutPhase.Failed, problem);
        return new(RolloutPhase.Complete, checkedPods.ToString(CultureInfo.InvariantCulture) + " pod(s) on revision " + revision);
    }

    /// <summary>The selector's matchLabels as a query; matchExpressions are applied here, after the list.</summary>
    private static string EqualitySelector(RestartedWorkload workload) =>
        workload.Selector?.MatchLabels is { Count: > 0 } labels ? string.Join(",", labels.Select(l => l.Key + "=" + l.Value)) : "";

    internal static string Duration(TimeSpan value) =>
        value.TotalSeconds < 1 ? ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms"
        : value.TotalMinutes >= 1 && value.Seconds == 0 ? ((long)value.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m"
        : ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
}
