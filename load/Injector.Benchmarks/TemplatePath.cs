using System.Buffers;
using System.Text.Json;
using Injector.Injection;
using Injector.Revisions;

namespace Injector.Benchmarks;

/// <summary>
/// The injector's own request path, in process: AdmissionReview bytes in, AdmissionReview response bytes out,
/// through <see cref="SidecarInjector.Inject"/> and the revision compiled once from the embedded default.
/// </summary>
/// <remarks>
/// Until the admission handler lands, the envelope (parse the review, echo apiVersion/uid, base64 the patch) is
/// done here the plain way; switch to <c>Injector.Admission.AdmissionHandler</c> when it exists.
/// </remarks>
internal sealed class TemplatePath
{
    private readonly CompiledRevision _revision = RevisionLoader.Load(null, null).Default;
    private readonly ArrayBufferWriter<byte> _patch = new(16 * 1024);

    public InjectionOutcome LastOutcome { get; private set; }

    public void Handle(byte[] review, ArrayBufferWriter<byte> response)
    {
        _patch.ResetWrittenCount();
        using var document = JsonDocument.Parse(review);
        var root = document.RootElement;
        var request = root.GetProperty("request");
        var pod = request.GetProperty("object");
        var parameters = new InjectionParameters(request.TryGetProperty("namespace", out var ns) ? ns.GetString() : null);
        var result = SidecarInjector.Inject(pod, parameters, _revision, _patch);
        LastOutcome = result.Outcome;

        using var writer = new Utf8JsonWriter(response);
        ReviewResponse.Write(writer, root.GetProperty("apiVersion").GetString()!, request.GetProperty("uid").GetString()!,
            result.Outcome != InjectionOutcome.Denied, result.Outcome == InjectionOutcome.Injected ? _patch.WrittenSpan : default,
            result.Outcome == InjectionOutcome.Denied ? result.Reason : null);
    }
}
