using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Injector.Tests.Hosting;
using Injector.Tests.Reliability;

namespace Injector.Tests.Integration;

/// <summary>
/// The real binary with certificates that cannot serve (issue 12): it refuses to start, or keeps the previous one on a
/// reload, saying why; a certificate near its end is served with a warning and its expiry is a metric.
/// </summary>
public sealed class CertificateRefusalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("injector-cert-refusal-").FullName;

    [Fact]
    public async Task An_expired_certificate_stops_the_start_with_the_reason()
    {
        var now = DateTimeOffset.UtcNow;
        var (cert, key) = TestCertificates.WriteEcdsa(_dir, "old", now.AddDays(-30), now.AddDays(-1));
        var (code, output) = await InjectorProcess.RunUntilExitAsync(TimeSpan.FromSeconds(60), "--tls-cert", cert, "--tls-key", key);
        Assert.Equal(1, code);
        Assert.Contains("Cannot start: the certificate expired on", output);
        Assert.Contains("error: the certificate expired on", output);
    }

    [Fact]
    public async Task A_certificate_near_its_end_is_served_with_a_warning_and_its_expiry_as_a_metric()
    {
        var now = DateTimeOffset.UtcNow;
        var notAfter = now.AddDays(5);
        var (cert, key) = TestCertificates.WriteEcdsa(_dir, "ending", now.AddDays(-85), notAfter);
        await using var server = await InjectorProcess.StartAsync("--tls-cert", cert, "--tls-key", key);

        var scrape = await HostileTransportTests.ScrapeAsync(server, s => s.Contains("injector_serving_certificate_expiry_timestamp_seconds", StringComparison.Ordinal));
        var expected = new DateTimeOffset(X509Certificate2.CreateFromPem(File.ReadAllText(cert)).NotAfter.ToUniversalTime()).ToUnixTimeSeconds();
        Assert.Equal(expected, HostileTransportTests.Counter(scrape, "injector_serving_certificate_expiry_timestamp_seconds"));
        for (var i = 0; i < 50 && !server.Output.Contains("expires at", StringComparison.Ordinal); i++) await Task.Delay(100);
        Assert.Contains("The TLS certificate CN=ending expires at", server.Output);
        Assert.Contains("under a third of its validity", server.Output);
    }

    [Fact]
    public async Task A_reload_to_an_expired_certificate_keeps_the_previous_one_and_says_why()
    {
        var now = DateTimeOffset.UtcNow;
        var (cert, key) = TestCertificates.WriteEcdsa(_dir, "current", now.AddMinutes(-5), now.AddDays(90));
        await using var server = await InjectorProcess.StartAsync("--tls-cert", cert, "--tls-key", key);

        var staging = Path.Combine(_dir, "staging");
        var (newCert, newKey) = TestCertificates.WriteEcdsa(staging, "expired", now.AddDays(-30), now.AddDays(-1));
        File.Move(newKey, key, overwrite: true);
        File.Move(newCert, cert, overwrite: true);

        for (var i = 0; i < 100 && !server.Output.Contains("keeping the previous one", StringComparison.Ordinal); i++) await Task.Delay(100);
        Assert.Contains("keeping the previous one: the certificate expired on", server.Output);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        await using var tls = await RawHttp.OpenTlsAsync(tcp, SslProtocols.Tls13);
        Assert.Equal("CN=current", tls.RemoteCertificate!.Subject);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
