using System.Security.Cryptography.X509Certificates;

namespace Injector.Kubernetes.WebhookCa;

/// <summary>One CA and the serving certificate it signed, all PEM. Rotation replaces the pair as a whole.</summary>
internal sealed record CaGeneration(string CaCertificatePem, string CaKeyPem, string ServingCertificatePem, string ServingKeyPem)
{
    /// <summary>When the pair stops being usable: the earlier of the two expiries.</summary>
    public DateTimeOffset NotAfter
    {
        get
        {
            using var ca = X509Certificate2.CreateFromPem(CaCertificatePem);
            using var leaf = X509Certificate2.CreateFromPem(ServingCertificatePem);
            return new DateTimeOffset(ca.NotAfter < leaf.NotAfter ? ca.NotAfter.ToUniversalTime() : leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        }
    }

    /// <summary>The serving certificate with its private key, ready for Kestrel / SslStream.</summary>
    public X509Certificate2 LoadServingCertificate() => X509Certificate2.CreateFromPem(ServingCertificatePem, ServingKeyPem);
}
