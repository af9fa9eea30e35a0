using System.Buffers;
using System.Text.Json;
using Injector.Json;
using Injector.Limits;

namespace Injector.Injection;

/// <summary>The one injection core, shared by the webhook and <c>injector kube-inject</c>.</summary>
public static class SidecarInjector
{
    /// <summary>
    /// Decides for one pod and, when it injects, writes an RFC 6902 JSON Patch (a JSON array) to
    /// <paramref name="patch"/> that applies cleanly to <paramref name="pod"/> as sent.
    /// Nothing is written unless the outcome is <see cref="InjectionOutcome.Injected"/>.
    /// </summary>
    public static InjectionResult Inject(JsonTreeElement pod, in InjectionParameters parameters, CompiledRevision revision, IBufferWriter<byte> patch) =>
        Inject(pod, in parameters, revision, patch, WorkBudget.Unlimited);

    /// <inheritdoc cref="Inject(JsonTreeElement, in InjectionParameters, CompiledRevision, IBufferWriter{byte})"/>
    /// <param name="budget">The request's deadline and caller (<see cref="WorkBudget"/>): the work stops by throwing
    /// <see cref="OperationCanceledException"/> or <see cref="WorkBudgetExceededException"/>.</param>
    public static InjectionResult Inject(JsonTreeElement pod, in InjectionParameters parameters, CompiledRevision revision, IBufferWriter<byte> patch,
        WorkBudget budget)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(budget);
        return Inject(PodView.Read(pod), in parameters, revision, patch, budget);
    }

    /// <summary>The same, on the pod as the webhook has already located it (<see cref="PodView.Read"/>; null: not an object).</summary>
    internal static InjectionResult Inject(PodView? view, in InjectionParameters parameters, CompiledRevision revision, IBufferWriter<byte> patch,
        WorkBudget budget)
    {
        if (view is null || !view.IsPod) return InjectionResult.Skipped(SkipReasons.NotPod);
        budget.Check();
        // The pod's own namespace wins; the request's is the fallback (generateName pods often carry none).
        var @namespace = string.IsNullOrEmpty(view.Namespace) ? parameters.Namespace : view.Namespace;
        if (InjectionDecision.SkipReason(view, @namespace, revision) is { } skip) return InjectionResult.Skipped(skip);
        if (AnnotationValidator.Validate(view, revision) is { } denial) return InjectionResult.Denied(denial);
        budget.Check();

        var effective = new InjectionParameters(@namespace, parameters.ClusterIdOverride, parameters.NetworkOverride);
        using var plan = InjectionPlan.Create(view, effective, revision, budget);
        var injected = InjectedSet.For(plan);
        if (UserVolumeMountCheck.Problem(plan, injected) is { } missingVolume) return InjectionResult.Denied(missingVolume);
        var status = injected.StatusText;

        // SkipValidation (JsonWriterCache): the writers below are the only producers and the parity and fuzz tests check
        // the structure; re-checking every token here cost time on each request.
        var writer = JsonWriterCache.Rent(patch);
        var ops = new PatchWriter(writer);
        writer.WriteStartArray();
        MetadataPatchWriter.Write(ops, plan, status);
        budget.Check();
        SpecPatchWriter.Write(ops, plan, plan.Probes, injected);
        writer.WriteEndArray();
        writer.Flush();
        JsonWriterCache.Return(writer);
        return InjectionResult.Injected();
    }
}
