using Injector.Revisions;

namespace Injector.Hosting;

/// <summary>Ready = a certificate and a revision table are loaded and shutdown has not begun.</summary>
internal sealed class ReadinessState(CertificateStore certificates, RevisionStore revisions)
{
    private volatile bool _stopping;

    public bool IsStopping => _stopping;

    public void MarkStopping() => _stopping = true;

    /// <summary>Null when ready, else the first reason it is not (one line, for the /readyz body).</summary>
    public string? NotReadyReason() =>
        _stopping ? "shutting down"
        : certificates.Current is null ? "TLS certificate not loaded"
        : revisions.Current is null ? "revision config not loaded"
        : null;
}
