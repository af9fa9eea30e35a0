using Injector.Json;
using System.Buffers;
using Injector.Injection;
using Injector.Limits;
using Injector.Rendering;
using Injector.Revisions;
using System.Text.Json.Nodes;

namespace Injector.Admission;

/// <summary>
/// The webhook's one entry point, free of HTTP: AdmissionReview bytes in, AdmissionReview bytes and a verdict out.
/// Never throws on bad input; an exception escaping from here is a bug, except the two a <see cref="WorkBudget"/>
/// throws to stop the work (the caller left, the deadline passed).
/// </summary>
public static class AdmissionHandler
{
    public const string ReasonNotPod = "not_pod";
    public const string ReasonNotCreate = "not_create";
    public const string ReasonDenied = "denied";
    public const string ReasonUnknownRevision = "unknown_revision";

    public static AdmissionResult Handle(ReadOnlySequence<byte> body, in AdmissionRoute route, RevisionTable table, IBufferWriter<byte> response) =>
        Handle(body, in route, table, response, WorkBudget.Unlimited);

    /// <inheritdoc cref="Handle(ReadOnlySequence{byte}, in AdmissionRoute, RevisionTable, IBufferWriter{byte})"/>
    /// <param name="budget">The request's deadline and caller; see <see cref="WorkBudget"/> for how the work stops.</param>
    public static AdmissionResult Handle(ReadOnlySequence<byte> body, in AdmissionRoute route, RevisionTable table, IBufferWriter<byte> response,
        WorkBudget budget) => Handle(body, in route, table, response, budget, verifier: null);

    /// <inheritdoc cref="Handle(ReadOnlySequence{byte}, in AdmissionRoute, RevisionTable, IBufferWriter{byte}, WorkBudget)"/>
    /// <param name="verifier">Gets a copy of the compiled answers it samples, after each is written (null: none).</param>
    public static AdmissionResult Handle(ReadOnlySequence<byte> body, in AdmissionRoute route, RevisionTable table, IBufferWriter<byte> response,
        WorkBudget budget, ICompiledPathVerifier? verifier) => Handle(body, in route, table, response, budget, verifier, facts: null);

    /// <inheritdoc cref="Handle(ReadOnlySequence{byte}, in AdmissionRoute, RevisionTable, IBufferWriter{byte}, WorkBudget, ICompiledPathVerifier?)"/>
    /// <param name="facts">The cluster's nodes and namespaces as <c>serve</c> watches them (null: none known; the
    /// engine's offline defaults apply).</param>
    public static AdmissionResult Handle(ReadOnlySequence<byte> body, in AdmissionRoute route, RevisionTable table, IBufferWriter<byte> response,
        WorkBudget budget, ICompiledPathVerifier? verifier, IClusterFacts? facts)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var contiguous = ContiguousBody.Of(body, out var rented);
        try
        {
            return HandleContiguous(contiguous, in route, table, response, budget, verifier, facts);
        }
        finally
        {
            // After the document that points into it is disposed (inside the call above).
            ContiguousBody.Return(rented);
        }
    }

    private static AdmissionResult HandleContiguous(ReadOnlySequence<byte> body, in AdmissionRoute route, RevisionTable table, IBufferWriter<byte> response,
        WorkBudget budget, ICompiledPathVerifier? verifier, IClusterFacts? facts)
    {
        // Resolve the revision first: it labels every outcome, including bad bodies.
        ServedRevision? revision = table.Default;
        if (route.Revision is not null && !table.TryGet(route.Revision, out revision)) revision = null;
        var label = revision?.Name ?? AdmissionRoute.UnknownRevisionLabel;

        if (!AdmissionReviewReader.TryRead(body, out var document, out var request, out var error, out var uid, out var version))
        {
            AdmissionResponseWriter.WriteRefused(response, version, uid, 400, error.Message);
            return new AdmissionResult(400, AdmissionOutcome.Failed, error.Reason, label);
        }

        using (document)
        {
            budget.Check();
            if (revision is null)
            {
                // A 200 with allowed:false, not an HTTP error: the user sees this message on `kubectl apply` whatever the
                // webhook's failurePolicy, instead of a pod silently created without its sidecar under Ignore.
                AdmissionResponseWriter.WriteRefused(response, request.ApiVersion, request.Uid, 404,
                    "revision '" + route.Revision + "' is not served by this injector");
                return new AdmissionResult(200, AdmissionOutcome.Denied, ReasonUnknownRevision, label, request.DryRun);
            }
            if (!request.IsPodCreate)
            {
                AdmissionResponseWriter.WriteAllowed(response, request.ApiVersion, request.Uid);
                var reason = request.Operation == "CREATE" ? ReasonNotPod : ReasonNotCreate;
                return new AdmissionResult(200, AdmissionOutcome.Skipped, reason, label, request.DryRun);
            }
            return Inject(in request, in route, revision, response, budget, verifier, facts);
        }
    }

    private const int PatchBufferSize = 16 * 1024;

    // The compiled path answers when it covers the revision and the pod (decided from the pod alone, before any work);
    // everything else follows Istio's algorithm on the rendered path.
    private static AdmissionResult Inject(in AdmissionRequest request, in AdmissionRoute route, ServedRevision revision, IBufferWriter<byte> response,
        WorkBudget budget, ICompiledPathVerifier? verifier, IClusterFacts? facts)
    {
        // The cluster facts this revision reads (webhook.go): the nodes only with ENABLE_NATIVE_SIDECARS auto, the
        // pod's namespace only on OpenShift.
        var inputs = revision.Inputs;
        ClusterFacts? cluster = null;
        NamespaceFacts? podNamespace = null;
        var namespaceKnown = false;
        if (facts is not null)
        {
            if (inputs.NativeSidecarMode is null && facts.NativeSidecarsSupported(NodeName(request.Object)) is { } native) cluster = ClusterFacts.Of(native);
            if (inputs.IsOpenShift && facts.KnowsNamespaces)
            {
                namespaceKnown = true;
                podNamespace = facts.Namespace(request.PodNamespace);
            }
        }
        // The compiled path sees neither: it answers only when the renderer, given these facts, would decide native
        // sidecars as the compiled revision does and reads no namespace (proven equal on exactly that, Differential).
        if (revision.Compiled is { } compiled && !namespaceKnown && inputs.NativeSidecarsWith(cluster) == compiled.Config.NativeSidecars)
        {
            // The pod's parts are located once, for the coverage rule and the injection alike.
            var pod = PodView.Read(request.Object);
            if (CompiledCoverage.CoversPod(pod, in route, compiled, request.Namespace))
            {
                // Route overrides (/inject/cluster/C/net/N) are not sampled: the verifier renders without the route.
                var sampled = verifier is not null && !route.HasEnvs && verifier.ShouldVerify();
                return InjectCompiled(in request, pod, in route, revision, compiled, response, budget, sampled ? verifier : null);
            }
        }
        return InjectRendered(in request, in route, revision, response, budget, cluster, podNamespace);
    }

    // spec.nodeName as Istio reads it (empty when absent or not a string).
    private static string NodeName(JsonTreeElement pod) =>
        pod.ValueKind == System.Text.Json.JsonValueKind.Object && pod.TryGetProperty("spec"u8, out var spec) && spec.ValueKind == System.Text.Json.JsonValueKind.Object
        && spec.TryGetProperty("nodeName"u8, out var node) && node.ValueKind == System.Text.Json.JsonValueKind.String ? node.GetString()! : "";

    private static AdmissionResult InjectRendered(in AdmissionRequest request, in AdmissionRoute route, ServedRevision revision, IBufferWriter<byte> response,
        WorkBudget budget, ClusterFacts? cluster, NamespaceFacts? podNamespace)
    {
        // The reader has checked the body's size and depth; the renderer works on its own mutable copy.
        if (JsonNode.Parse(request.Object.GetRawText()) is not JsonObject pod)
        {
            AdmissionResponseWriter.WriteAllowed(response, request.ApiVersion, request.Uid);
            return new AdmissionResult(200, AdmissionOutcome.Skipped, SkipReasons.NotPod, revision.Name, request.DryRun);
        }
        var outcome = revision.Rendered.Inject(pod, request.Namespace ?? "", RenderMode.Webhook, podNamespace, budget, RouteEnvs(in route), cluster);
        budget.Check();
        switch (outcome)
        {
            case RenderOutcome.Injected injected when ForbiddenAnnotation(pod, revision) is { } forbidden:
                _ = injected;
                AdmissionResponseWriter.WriteRefused(response, request.ApiVersion, request.Uid, 403,
                    "annotation \"" + forbidden + "\" is forbidden by revision \"" + revision.Name + "\"");
                return new AdmissionResult(200, AdmissionOutcome.Denied, ReasonDenied, revision.Name, request.DryRun, AdmissionPaths.Rendered);
            case RenderOutcome.Injected injected:
                AdmissionResponseWriter.WritePatched(response, request.ApiVersion, request.Uid, injected.JsonPatch);
                return new AdmissionResult(200, AdmissionOutcome.Injected, string.Empty, revision.Name, request.DryRun, AdmissionPaths.Rendered);
            case RenderOutcome.Denied denied:
                AdmissionResponseWriter.WriteRefused(response, request.ApiVersion, request.Uid, 403, denied.Message);
                return new AdmissionResult(200, AdmissionOutcome.Denied, ReasonDenied, revision.Name, request.DryRun, AdmissionPaths.Rendered);
            case RenderOutcome.Skipped skipped:
                AdmissionResponseWriter.WriteAllowed(response, request.ApiVersion, request.Uid);
                return new AdmissionResult(200, AdmissionOutcome.Skipped, SkipReasons.Label(skipped.Reason), revision.Name, request.DryRun, AdmissionPaths.Rendered);
            default:
                throw new InvalidOperationException("unknown render outcome " + outcome.GetType().Name);
        }
    }

    // /inject/cluster/C/net/N: the proxy envs Istio's parseInjectEnvs reads from the webhook URL.
    private static Dictionary<string, string>? RouteEnvs(in AdmissionRoute route)
    {
        if (!route.HasEnvs) return null;
        var envs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (route.ClusterId is { } cluster) envs["ISTIO_META_CLUSTER_ID"] = cluster;
        if (route.Network is { } network) envs["ISTIO_META_NETWORK"] = network;
        foreach (var (name, value) in route.OtherEnvs) envs[name] = value;
        return envs;
    }

    private static string? ForbiddenAnnotation(JsonObject pod, ServedRevision revision)
    {
        if (revision.ForbiddenAnnotations.Count == 0) return null;
        if (pod["metadata"]?["annotations"] is not JsonObject annotations) return null;
        foreach (var key in revision.ForbiddenAnnotations)
        {
            if (annotations.ContainsKey(key)) return key;
        }
        return null;
    }

    private static AdmissionResult InjectCompiled(in AdmissionRequest request, PodView? pod, in AdmissionRoute route, ServedRevision served,
        CompiledRevision revision, IBufferWriter<byte> response, WorkBudget budget, ICompiledPathVerifier? verifier)
    {
        var parameters = new InjectionParameters(request.Namespace, route.ClusterId, route.Network);
        // A sidecar patch is 5.7-7.6 KB for the fixture pods (the default 4 KB regrew and copied it on every request):
        // start big enough that it is written once.
        using var patch = new PooledBufferWriter(PatchBufferSize);
        var result = SidecarInjector.Inject(pod, in parameters, revision, patch, budget);
        budget.Check();
        if (verifier is not null)
        {
            // Copied now: the request's buffers are returned when this call ends; the check runs later, elsewhere.
            verifier.Submit(new CompiledAnswer(served, request.Namespace, pod?.Name ?? "", System.Text.Encoding.UTF8.GetBytes(request.Object.GetRawText()),
                result.Outcome, result.Outcome == InjectionOutcome.Injected ? patch.WrittenSpan.ToArray() : []));
        }
        switch (result.Outcome)
        {
            case InjectionOutcome.Injected:
                AdmissionResponseWriter.WritePatched(response, request.ApiVersion, request.Uid, patch.WrittenSpan);
                return new AdmissionResult(200, AdmissionOutcome.Injected, string.Empty, revision.Name, request.DryRun, AdmissionPaths.Compiled);
            case InjectionOutcome.Denied:
                AdmissionResponseWriter.WriteRefused(response, request.ApiVersion, request.Uid, 403, result.Reason);
                return new AdmissionResult(200, AdmissionOutcome.Denied, ReasonDenied, revision.Name, request.DryRun, AdmissionPaths.Compiled);
            default:
                AdmissionResponseWriter.WriteAllowed(response, request.ApiVersion, request.Uid);
                return new AdmissionResult(200, AdmissionOutcome.Skipped, result.Reason, revision.Name, request.DryRun, AdmissionPaths.Compiled);
        }
    }
}
