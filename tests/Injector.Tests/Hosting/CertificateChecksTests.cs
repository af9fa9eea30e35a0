using System.Security.Cryptography;
using Injector.Hosting;

namespace Injector.Tests.Hosting;

/// <summary>
/// A serving certificate that cannot serve is refused when it is loaded (at start and on every reload), saying why:
/// issue 12 found an expired, a not-yet-valid and an RSA-1024 certificate reported ready while every handshake failed,
/// and an endless file read without bound.
/// </summary>
public sealed class CertificateChecksTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("injector-cert-checks-").FullName;

    [Fact]
    public void A_valid_p256_certificate_loads()
    {
        var now = DateTimeOffset.UtcNow;
        var (cert, key) = TestCertificates.WriteEcdsa(_dir, "ok", now.AddMinutes(-5), now.AddDays(90));
        using var loaded = CertificateFiles.LoadPem(cert, key);
        Assert.Equal("CN=ok", loaded.Subject);
    }

    [Fact]
    public void An_expired_certificate_is_refused_with_its_expiry()
    {
        var now = DateTimeOffset.UtcNow;
        var (cert, key) = TestCertificates.WriteEcdsa(_dir, "old", now.AddDays(-30), now.AddDays(-1));
        var e = Assert.Throws<CryptographicException>(() => CertificateFiles.LoadPem(cert, key));
        Assert.StartsWith("the certificate expired on " + now.AddDays(-1).UtcDateTime.ToString("yyyy-MM-dd"), e.Message);
    }

    [Fact]
    public void A_certificate_not_valid_yet_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        var (cert, key) = TestCertificates.WriteEcdsa(_dir, "future", now.AddDays(1), now.AddDays(90));
        var e = Assert.Throws<CryptographicException>(() => CertificateFiles.LoadPem(cert, key));
        Assert.StartsWith("the certificate is not valid before", e.Message);
    }

    [Fact]
    public void An_rsa_1024_key_is_refused_because_every_handshake_would_refuse_it()
    {
        var (cert, key) = TestCertificates.WriteRsa(_dir, "weak", 1024);
        var e = Assert.Throws<CryptographicException>(() => CertificateFiles.LoadPem(cert, key));
        Assert.Contains("RSA key has 1024 bits; at least 2048", e.Message);
    }

    [Fact]
    public void An_rsa_2048_key_loads()
    {
        var (cert, key) = TestCertificates.WriteRsa(_dir, "rsa", 2048);
        using var loaded = CertificateFiles.LoadPem(cert, key);
        Assert.Equal("CN=rsa", loaded.Subject);
    }

    [Fact]
    public void An_endless_certificate_file_is_read_no_further_than_a_mebibyte()
    {
        var now = DateTimeOffset.UtcNow;
        var (_, key) = TestCertificates.WriteEcdsa(_dir, "ok", now.AddMinutes(-5), now.AddDays(90));
        var e = Assert.Throws<InvalidDataException>(() => CertificateFiles.LoadPem("/dev/zero", key));
        Assert.Contains("larger than 1048576 bytes", e.Message);
    }

    [Theory]
    [InlineData(-89, 90, false)] // a day into 90 days
    [InlineData(-60, 30, false)] // just over a third left
    [InlineData(-70, 20, true)]  // 20 of 90 days left: under a third
    [InlineData(-29, 1, true)]
    public void A_certificate_is_expiring_once_less_than_a_third_of_its_validity_is_left(int startDays, int endDays, bool expiring)
    {
        var now = DateTimeOffset.UtcNow;
        var (cert, key) = TestCertificates.WriteEcdsa(_dir, "c", now.AddDays(startDays), now.AddDays(endDays).AddMinutes(1));
        using var loaded = CertificateFiles.LoadPem(cert, key);
        Assert.Equal(expiring, CertificateChecks.IsExpiring(loaded, now));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
