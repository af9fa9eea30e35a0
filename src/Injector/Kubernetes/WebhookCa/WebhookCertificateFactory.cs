using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Injector.Kubernetes.WebhookCa;

/// <summary>Issues a self-signed CA and a serving certificate for the webhook Service (ECDSA P-256, SHA-256).</summary>
internal static class WebhookCertificateFactory
{
    /// <summary>Clock skew allowance: certificates are valid from a little before "now" on every node.</summary>
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    public static CaGeneration Create(WebhookCaOptions options, DateTimeOffset now)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=" + options.EffectiveServiceName + " webhook CA " + now.ToUnixTimeSeconds(), caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now - Backdate, now + options.Lifetime);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=" + options.DnsNames[2], leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in options.DnsNames) names.AddDnsName(name);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        using var leaf = leafRequest.Create(ca, now - Backdate, now + options.Lifetime, serial);

        return new CaGeneration(ca.ExportCertificatePem(), caKey.ExportPkcs8PrivateKeyPem(), leaf.ExportCertificatePem(), leafKey.ExportPkcs8PrivateKeyPem());
    }
}
