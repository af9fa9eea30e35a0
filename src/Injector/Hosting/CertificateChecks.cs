using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Injector.Limits;

namespace Injector.Hosting;

/// <summary>
/// What makes a serving certificate unusable, checked before it is served (at start and on every reload): outside its
/// validity period, or a key every TLS handshake refuses (OpenSSL's default security level rejects RSA under 2,048
/// bits). Such a certificate used to be loaded and reported ready, and then failed every handshake. Also when one is
/// about to expire.
/// </summary>
internal static class CertificateChecks
{
    /// <summary>Null when the certificate can serve; otherwise why not, in one line.</summary>
    public static string? Problem(X509Certificate2 certificate, DateTimeOffset now)
    {
        if (now < certificate.NotBefore.ToUniversalTime())
            return "the certificate is not valid before " + certificate.NotBefore.ToUniversalTime().ToString("u");
        if (now > certificate.NotAfter.ToUniversalTime())
            return "the certificate expired on " + certificate.NotAfter.ToUniversalTime().ToString("u");
        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return rsa.KeySize < InputLimits.MinRsaKeyBits
                    ? "the certificate's RSA key has " + rsa.KeySize + " bits; at least " + InputLimits.MinRsaKeyBits + " are needed (TLS handshakes refuse it)"
                    : null;
            }
        }
        using (var ecdsa = certificate.GetECDsaPublicKey())
        {
            if (ecdsa is not null)
            {
                return ecdsa.KeySize < InputLimits.MinEcdsaKeyBits
                    ? "the certificate's ECDSA key has " + ecdsa.KeySize + " bits; at least " + InputLimits.MinEcdsaKeyBits + " are needed"
                    : null;
            }
        }
        return "the certificate's key is neither RSA nor ECDSA (" + certificate.PublicKey.Oid.FriendlyName + ")";
    }

    /// <summary>Less than <see cref="InputLimits.CertificateExpiryWarningShare"/> of its validity period left.</summary>
    public static bool IsExpiring(X509Certificate2 certificate, DateTimeOffset now)
    {
        var notBefore = certificate.NotBefore.ToUniversalTime();
        var notAfter = certificate.NotAfter.ToUniversalTime();
        var lifetime = notAfter - notBefore;
        return notAfter - now.UtcDateTime < lifetime * InputLimits.CertificateExpiryWarningShare;
    }

    /// <summary>A certificate or key file, read whole but never more than <see cref="InputLimits.MaxCertificateFileBytes"/>.</summary>
    public static string ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, FileOptions.None);
        var buffer = new byte[InputLimits.MaxCertificateFileBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
        if (total > InputLimits.MaxCertificateFileBytes)
            throw new InvalidDataException(path + " is larger than " + InputLimits.MaxCertificateFileBytes + " bytes; not a PEM certificate or key");
        return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>Throws <see cref="CryptographicException"/> with <see cref="Problem"/>'s reason.</summary>
    public static void Require(X509Certificate2 certificate, DateTimeOffset now)
    {
        if (Problem(certificate, now) is { } problem) throw new CryptographicException(problem);
    }
}
