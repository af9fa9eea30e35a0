using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Injector.Tests.Admission;

namespace Injector.Tests.Integration;

/// <summary>
/// <c>/inject</c> is never answered in plaintext: not on the HTTPS port spoken to without TLS, and not on the
/// monitoring port, whatever headers claim the connection is secure.
/// </summary>
[Collection(InjectorServerCollection.Name)]
public sealed class PlaintextInjectTests(InjectorServerFixture fixture)
{
    private InjectorProcess Server => fixture.Server;

    [Fact]
    public async Task Plain_http_to_the_inject_port_gets_no_http_answer()
    {
        var body = AdmissionTestData.PodCreate();
        var head = "POST /inject?timeout=10s HTTP/1.1\r\nHost: 127.0.0.1:" + Server.Port
            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.Length + "\r\n\r\n";
        var received = await SendPlainAsync(Server.Port, [.. Encoding.ASCII.GetBytes(head), .. body]);
        Assert.False(received.StartsWith("HTTP/", StringComparison.Ordinal), "plaintext answered: " + received);
        Assert.DoesNotContain("AdmissionReview", received);

        using var http1 = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            http1.PostAsync("http://127.0.0.1:" + Server.Port + "/inject", Json(body)));

        // HTTP/2 without TLS (h2c, prior knowledge) is refused the same way.
        using var h2c = new HttpClient { Timeout = TimeSpan.FromSeconds(15), DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            AdmissionRequests.SendRawAsync(h2c, AdmissionRequests.Post("http://127.0.0.1:" + Server.Port + "/inject", body)));

        // The same request over TLS is injected: the refusals above are about plaintext, not the body.
        await AssertInjectedOverTlsAsync(body);
    }

    [Theory]
    [InlineData("/inject")]
    [InlineData("/inject?timeout=10s")]
    [InlineData("/inject/rev/" + InjectorServerFixture.Revision)]
    [InlineData("/inject/cluster/c1/net/n1")]
    [InlineData("/INJECT")]
    public async Task Monitoring_port_does_not_serve_inject(string path)
    {
        var body = AdmissionTestData.PodCreate();
        using var monitoring = Server.CreateMonitoringClient();
        // The same request over TLS is injected (so the body is fine) and counted (so the counter below can move).
        await AssertInjectedOverTlsAsync(body);
        var before = await RequestsReachingInjectAsync(monitoring);
        Assert.True(before >= 1, "the inject request over TLS was not counted");

        using var request = AdmissionRequests.Post(path, body);
        // Headers a proxy would set for a TLS client: the decision is the connection's, so they change nothing.
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Ssl", "on");
        request.Headers.Host = "127.0.0.1:" + Server.Port;
        using var response = await monitoring.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("/inject is served only on the HTTPS port (--port)\n", text);

        using var get = await monitoring.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.DoesNotContain("AdmissionReview", await get.Content.ReadAsStringAsync());

        // Not a request the inject endpoint ever saw (the shared server's tests run one at a time).
        Assert.Equal(before, await RequestsReachingInjectAsync(monitoring));
    }

    private async Task AssertInjectedOverTlsAsync(byte[] body)
    {
        using var client = Server.CreateClient();
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", body));
        Assert.Equal(HttpStatusCode.OK, status);
        AdmissionResponseAssert.PatchApplies(review, JsonDocument.Parse(body).RootElement.GetProperty("request").GetProperty("object"));
    }

    /// <summary>
    /// The inject endpoint's request counter once it has settled: the endpoint counts a request just after writing
    /// its answer, so an earlier test's last request may still be on its way into the counter.
    /// </summary>
    private static async Task<double> RequestsReachingInjectAsync(HttpClient monitoring)
    {
        var previous = double.NaN;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var current = NetworkProbe.CounterSum(await monitoring.GetStringAsync("/metrics"), "sidecar_injection_requests_total");
            if (current == previous) return current;
            previous = current;
            await Task.Delay(100);
        }
        return previous;
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Writes the bytes on a plain TCP connection and returns whatever comes back before the server closes it.</summary>
    private static async Task<string> SendPlainAsync(int port, byte[] request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        var received = new MemoryStream();
        // A bounded wait: the server must close the connection, not leave it hanging.
        using var closed = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await stream.WriteAsync(request, closed.Token);
            var buffer = new byte[4096];
            int read;
            while ((read = await stream.ReadAsync(buffer, closed.Token)) > 0) received.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // A reset after (or instead of) an answer: what arrived is the answer.
        }
        catch (OperationCanceledException)
        {
            // Reported just below.
        }
        Assert.False(closed.IsCancellationRequested, "the server left the plaintext connection open");
        return Encoding.Latin1.GetString(received.ToArray());
    }
}
