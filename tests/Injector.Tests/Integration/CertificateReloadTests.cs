using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Injector.Tests.Integration;

/// <summary>Certificates laid out as a Kubernetes Secret volume: <c>tls.crt -> ..data/tls.crt</c>, <c>..data -> ..TIMESTAMP</c>.</summary>
public sealed class CertificateReloadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("injector-certs-").FullName;

    [Fact]
    public async Task Swapping_the_data_symlink_serves_the_new_certificate_on_new_connections()
    {
        WriteVersion("..2026_01_01_00_00_00.1", "first");
        File.CreateSymbolicLink(Path.Combine(_dir, "..data"), "..2026_01_01_00_00_00.1");
        File.CreateSymbolicLink(Path.Combine(_dir, "tls.crt"), "..data/tls.crt");
        File.CreateSymbolicLink(Path.Combine(_dir, "tls.key"), "..data/tls.key");

        await using var server = await InjectorProcess.StartAsync("--tls-cert", Path.Combine(_dir, "tls.crt"), "--tls-key", Path.Combine(_dir, "tls.key"));
        using var held = new TcpClient();
        await held.ConnectAsync("127.0.0.1", server.Port);
        await using var heldTls = await RawHttp.OpenTlsAsync(held, SslProtocols.Tls13);
        Assert.Equal("CN=first", heldTls.RemoteCertificate!.Subject);

        // What the kubelet does: write the new version, point a temporary link at it, rename it over ..data.
        WriteVersion("..2026_01_01_00_01_00.2", "second");
        File.CreateSymbolicLink(Path.Combine(_dir, "..data_tmp"), "..2026_01_01_00_01_00.2");
        Assert.Equal(0, Rename(Path.Combine(_dir, "..data_tmp"), Path.Combine(_dir, "..data")));

        var subject = await WaitForSubjectAsync(server.Port, "CN=second");
        Assert.Equal("CN=second", subject);
        Assert.Equal("CN=first", heldTls.RemoteCertificate!.Subject);
        await WaitForOutputAsync(server, "now serving CN=second");
    }

    [Fact]
    public async Task Broken_new_files_keep_the_previous_certificate()
    {
        WriteVersion("v1", "first");
        File.CreateSymbolicLink(Path.Combine(_dir, "..data"), "v1");
        File.CreateSymbolicLink(Path.Combine(_dir, "tls.crt"), "..data/tls.crt");
        File.CreateSymbolicLink(Path.Combine(_dir, "tls.key"), "..data/tls.key");
        await using var server = await InjectorProcess.StartAsync("--tls-cert", Path.Combine(_dir, "tls.crt"), "--tls-key", Path.Combine(_dir, "tls.key"));

        Directory.CreateDirectory(Path.Combine(_dir, "v2"));
        File.WriteAllText(Path.Combine(_dir, "v2", "tls.crt"), "-----BEGIN CERTIFICATE-----\nnot a cert\n-----END CERTIFICATE-----\n");
        File.WriteAllText(Path.Combine(_dir, "v2", "tls.key"), "garbage");
        File.CreateSymbolicLink(Path.Combine(_dir, "..data_tmp"), "v2");
        Assert.Equal(0, Rename(Path.Combine(_dir, "..data_tmp"), Path.Combine(_dir, "..data")));

        await WaitForOutputAsync(server, "keeping the previous one");
        Assert.Equal("CN=first", await SubjectAsync(server.Port));
        using var monitoring = server.CreateMonitoringClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await monitoring.GetAsync("/readyz")).StatusCode);
    }

    // rename(2) replaces the ..data link atomically, exactly as the kubelet does; File.Move refuses links to directories.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string oldPath, string newPath);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void WriteVersion(string version, string commonName)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, version)).FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task<string> SubjectAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var tls = await RawHttp.OpenTlsAsync(tcp, SslProtocols.Tls13);
        return tls.RemoteCertificate!.Subject;
    }

    private static async Task<string> WaitForSubjectAsync(int port, string expected)
    {
        var subject = "";
        for (var attempt = 0; attempt < 200 && subject != expected; attempt++)
        {
            subject = await SubjectAsync(port);
            if (subject != expected) await Task.Delay(100);
        }
        return subject;
    }

    private static async Task WaitForOutputAsync(InjectorProcess server, string text)
    {
        for (var attempt = 0; attempt < 200 && !server.Output.Contains(text, StringComparison.Ordinal); attempt++) await Task.Delay(100);
        Assert.Contains(text, server.Output, StringComparison.Ordinal);
    }
}
