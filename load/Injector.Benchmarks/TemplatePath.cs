using System.Buffers;
using Injector.Admission;
using Injector.Revisions;

namespace Injector.Benchmarks;

/// <summary>
/// The injector's own request path, in process: AdmissionReview bytes in, AdmissionReview response bytes out,
/// through <see cref="AdmissionHandler.Handle"/> (the code behind <c>POST /inject</c>, minus HTTP) and the revision
/// table loaded once from the embedded default.
/// </summary>
internal sealed class TemplatePath
{
    private readonly RevisionTable _table = RevisionLoader.Load(null, null);

    public AdmissionOutcome LastOutcome { get; private set; }
    public string LastReason { get; private set; } = "";

    public void Handle(byte[] review, ArrayBufferWriter<byte> response)
    {
        var result = AdmissionHandler.Handle(new ReadOnlySequence<byte>(review), default, _table, response);
        LastOutcome = result.Outcome;
        LastReason = result.Reason;
    }
}
