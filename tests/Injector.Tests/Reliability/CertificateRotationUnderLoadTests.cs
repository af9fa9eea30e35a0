using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Injector.Tests.Integration;
using Xunit.Abstractions;

namespace Injector.Tests.Reliability;

/// <summary>
/// Serving-certificate rotation while clients keep posting: <c>--tls-cert</c>/<c>--tls-key</c> live in a
/// Secret-style volume (<c>tls.crt -> ..data/tls.crt</c>, <c>..data -> ..v1</c>) whose <c>..data</c> link is
/// renamed to a new certificate, with a new key, three times during the run.
/// </summary>
public sealed class CertificateRotationUnderLoadTests(ITestOutputHelper output) : IDisposable
{
    // docs/serving.md: the pair is re-read 200 ms after the last change. The bound leaves room for a busy CI machine.
    private static readonly TimeSpan NewCertificateBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly KubeVolumeDirectory _volume = new("injector-rotation-");

    [Fact]
    public async Task Rotating_the_certificate_under_load_fails_no_request_and_each_new_connection_gets_the_new_certificate()
    {
        var thumbprints = new List<string> { WriteCertificate(1) };
        _volume.Publish("..v1", "tls.crt", "tls.key");
        await using var server = await InjectorProcess.StartAsync("--tls-cert", _volume.PathOf("tls.crt"), "--tls-key", _volume.PathOf("tls.key"));

        // Two HTTP/1.1 clients and one HTTP/2 client on keep-alive connections; each records every handshake it makes.
        HandshakeLog[] handshakes = [new(), new(), new()];
        using var http11First = server.CreateClient(HttpVersion.Version11, handshakes[0].Record);
        using var http11Second = server.CreateClient(HttpVersion.Version11, handshakes[1].Record);
        using var http2 = server.CreateClient(HttpVersion.Version20, handshakes[2].Record);
        using var load = new BackToBackLoad(
            () => PodFixtureAnswer.PostAsync(http11First), () => PodFixtureAnswer.PostAsync(http11Second), () => PodFixtureAnswer.PostAsync(http2));
        await load.WaitForEveryWorkerAsync(5, Generous);

        var probes = 0;
        for (var version = 2; version <= 4; version++)
        {
            thumbprints.Add(WriteCertificate(version));
            var swapped = Stopwatch.StartNew();
            _volume.Swap("..v" + version);
            probes += await WaitForNewConnectionsToSeeAsync(server, thumbprints[^1]);
            output.WriteLine("v" + version + ": a new connection saw the new certificate " + swapped.ElapsedMilliseconds + " ms after the swap");
            Assert.True(swapped.Elapsed < NewCertificateBound, "new certificate seen only after " + swapped.Elapsed);
            // The connections opened before the swap go on answering.
            await load.WaitForEveryWorkerAsync(5, Generous);
        }

        var failures = await load.StopAsync();
        output.WriteLine(load.Served + " load requests (" + load.ServedBy(0) + " + " + load.ServedBy(1) + " HTTP/1.1, "
            + load.ServedBy(2) + " HTTP/2) and " + probes + " new-connection probes, " + failures.Count + " failed");
        Assert.True(failures.Count == 0, "failed requests: " + string.Join("; ", failures.Take(5)));
        foreach (var client in handshakes)
        {
            // One handshake, with the first certificate: each load client kept its connection through all three swaps.
            Assert.Equal([thumbprints[0]], client.Thumbprints);
        }
        Assert.Contains("now serving CN=injector-rotation-4", server.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _volume.Dispose();

    /// <summary>
    /// Opens a new connection (alternately HTTP/1.1 and HTTP/2) every 50 ms, each posting the fixture and checking
    /// the answer, until one is served with <paramref name="thumbprint"/>. Returns the number of connections opened.
    /// </summary>
    private static async Task<int> WaitForNewConnectionsToSeeAsync(InjectorProcess server, string thumbprint)
    {
        var deadline = DateTime.UtcNow + Generous;
        for (var probe = 1; ; probe++)
        {
            var seen = new HandshakeLog();
            using (var fresh = server.CreateClient(probe % 2 == 0 ? HttpVersion.Version20 : HttpVersion.Version11, seen.Record))
            {
                await PodFixtureAnswer.PostAsync(fresh);
            }
            var served = Assert.Single(seen.Thumbprints);
            if (served == thumbprint) return probe;
            Assert.True(DateTime.UtcNow < deadline, "new connections still get " + served + ", not " + thumbprint);
            await Task.Delay(50);
        }
    }

    /// <summary>Writes version folder <c>..vN</c>: a self-signed certificate <c>CN=injector-rotation-N</c> with a new key.</summary>
    private string WriteCertificate(int version)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=injector-rotation-" + version, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        _volume.WriteVersion("..v" + version, ("tls.crt", certificate.ExportCertificatePem()), ("tls.key", key.ExportPkcs8PrivateKeyPem()));
        return certificate.GetCertHashString();
    }
}
