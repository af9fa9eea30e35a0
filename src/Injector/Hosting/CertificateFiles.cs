using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Injector.Hosting;

/// <summary>Creates serving certificates: from a PEM pair on disk, or self-signed in memory for local use.</summary>
internal static class CertificateFiles
{
    /// <summary>
    /// Loads the PEM certificate (first one in the file) and its PEM private key (PKCS#8, PKCS#1 or SEC1), and refuses
    /// one that cannot serve (<see cref="CertificateChecks.Problem"/>). Files over 1 MiB are refused unread.
    /// </summary>
    public static X509Certificate2 LoadPem(string certPath, string keyPath)
    {
        // Read both files first so that a half-written pair fails here, not in the middle of a handshake.
        var certPem = CertificateChecks.ReadBounded(certPath);
        var keyPem = CertificateChecks.ReadBounded(keyPath);
        var certificate = X509Certificate2.CreateFromPem(certPem, keyPem);
        try
        {
            if (!certificate.HasPrivateKey) throw new CryptographicException("the certificate has no matching private key");
            CertificateChecks.Require(certificate, DateTimeOffset.UtcNow);
            return certificate;
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>An ECDSA P-256 certificate for localhost, 127.0.0.1 and ::1, valid for 30 days, never written to disk.</summary>
    public static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
    }
}
