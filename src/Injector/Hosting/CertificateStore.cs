using System.Security.Cryptography.X509Certificates;

namespace Injector.Hosting;

/// <summary>
/// The serving certificate behind one volatile field: Kestrel's certificate selector reads it for every new TLS
/// handshake, a reload swaps it. Connections already open keep the certificate they negotiated.
/// </summary>
internal sealed class CertificateStore
{
    private volatile X509Certificate2? _current;

    public X509Certificate2? Current => _current;

    public void Publish(X509Certificate2 certificate) => _current = certificate;
}
