using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Injector.Tests.Hosting;

/// <summary>PEM certificate/key pairs written to a folder, with the validity window and key the test needs.</summary>
internal static class TestCertificates
{
    public static (string CertPath, string KeyPath) WriteEcdsa(string folder, string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256).CreateSelfSigned(notBefore, notAfter);
        return Write(folder, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public static (string CertPath, string KeyPath) WriteRsa(string folder, string commonName, int bits)
    {
        using var key = RSA.Create(bits);
        var now = DateTimeOffset.UtcNow;
        using var certificate = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        return Write(folder, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static (string, string) Write(string folder, string certPem, string keyPem)
    {
        Directory.CreateDirectory(folder);
        var cert = Path.Combine(folder, "tls.crt");
        var key = Path.Combine(folder, "tls.key");
        File.WriteAllText(cert, certPem);
        File.WriteAllText(key, keyPem);
        return (cert, key);
    }
}
