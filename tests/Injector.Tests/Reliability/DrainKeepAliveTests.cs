using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Injector.Tests.Integration;
using Xunit.Abstractions;

namespace Injector.Tests.Reliability;

/// <summary>
/// What a draining instance does with keep-alive connections: between SIGTERM and the end of --shutdown-delay it
/// still answers on them, but ends each connection after its answer, so callers reconnect (to another replica);
/// connections left idle are closed cleanly when the delay ends.
/// </summary>
public sealed class DrainKeepAliveTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task During_the_drain_keep_alive_connections_get_their_answer_then_are_closed()
    {
        await using var server = await InjectorProcess.StartAsync("--shutdown-delay", "6s", "--shutdown-timeout", "20s");
        var http11Handshakes = new HandshakeLog();
        var http2Handshakes = new HandshakeLog();
        using var http11 = server.CreateClient(HttpVersion.Version11, http11Handshakes.Record);
        using var http2 = server.CreateClient(HttpVersion.Version20, http2Handshakes.Record);
        Assert.False(await PodFixtureAnswer.PostAsync(http11), "Connection: close before the drain");
        await PodFixtureAnswer.PostAsync(http2);
        using var idleTcp = new TcpClient();
        await idleTcp.ConnectAsync("127.0.0.1", server.Port);
        await using var idle = await RawHttp.OpenTlsAsync(idleTcp, SslProtocols.Tls13);
        Assert.DoesNotContain("Connection: close", await PostRawAsync(idle), StringComparison.OrdinalIgnoreCase);

        var clock = Stopwatch.StartNew();
        server.SendSigterm();
        await ReadinessProbe.WaitForNotReadyAsync(server, TimeSpan.FromSeconds(4));

        // Within the 6 s delay: answered on the open connection, which the answer then ends.
        Assert.True(await PodFixtureAnswer.PostAsync(http11), "no Connection: close on an HTTP/1.1 answer during the drain");
        await PodFixtureAnswer.PostAsync(http2);
        var drainRequestsDone = clock.Elapsed;
        // The next requests need new connections: HTTP/1.1 saw Connection: close, HTTP/2 a GOAWAY.
        await PodFixtureAnswer.PostAsync(http11);
        await PodFixtureAnswer.PostAsync(http2);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), "the drain requests took until " + clock.Elapsed + ", past the delay");
        Assert.Equal(2, http11Handshakes.Count);
        Assert.Equal(2, http2Handshakes.Count);

        // The idle connection is closed cleanly (end of stream, not a reset) once the delay ends.
        using var closeWait = new CancellationTokenSource(Generous);
        Assert.Equal(0, await idle.ReadAsync(new byte[1], closeWait.Token));
        var idleClosedAt = clock.Elapsed;
        Assert.Equal(0, await server.WaitForExitAsync(Generous));
        output.WriteLine("drain requests answered by " + drainRequestsDone.TotalMilliseconds.ToString("0") + " ms after SIGTERM; idle connection closed at "
            + idleClosedAt.TotalMilliseconds.ToString("0") + " ms; exit at " + clock.ElapsedMilliseconds + " ms");
        Assert.True(idleClosedAt > TimeSpan.FromSeconds(5.5), "idle connection closed at " + idleClosedAt + ", before the 6 s delay ended");
    }

    /// <summary>One HTTP/1.1 POST of the fixture on an open TLS stream, leaving it open; returns the response head.</summary>
    private static async Task<string> PostRawAsync(SslStream tls)
    {
        var head = "POST /inject HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " + PodFixtureAnswer.Body.Length + "\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
        await tls.WriteAsync(PodFixtureAnswer.Body);
        await tls.FlushAsync();
        var received = new List<byte>();
        var buffer = new byte[16384];
        while (true)
        {
            var read = await tls.ReadAsync(buffer);
            Assert.True(read > 0, "connection closed before the answer was complete");
            received.AddRange(buffer.AsSpan(0, read));
            var text = Encoding.ASCII.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) continue;
            var length = text[..end].Split("\r\n").First(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            if (received.Count >= end + 4 + int.Parse(length["Content-Length:".Length..].Trim()))
            {
                Assert.StartsWith("HTTP/1.1 200 ", text, StringComparison.Ordinal);
                return text[..end];
            }
        }
    }
}
