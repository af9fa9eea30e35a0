using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Injector.Tests.Admission;

namespace Injector.Tests.Integration;

/// <summary>
/// A caller that goes away in the middle of its body (kube-apiserver giving up on a slow webhook, a load balancer
/// reset, a client process exiting) is counted for what it is: <c>incomplete_body</c> when HTTP/1.1 sees the body end
/// short of its Content-Length, <c>client_aborted</c> when the HTTP/2 stream or connection breaks. Never a 500, never
/// logged as a bug, never mistaken for a timeout.
/// </summary>
public sealed class ClientAbortTests
{
    [Fact]
    public async Task An_http11_body_cut_short_by_a_reset_is_counted_as_incomplete_not_as_a_timeout_or_a_bug()
    {
        await using var server = await InjectorProcess.StartAsync();
        var body = AdmissionTestData.PodCreate();

        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync("127.0.0.1", server.Port);
            var tls = await RawHttp.OpenTlsAsync(tcp, SslProtocols.Tls12 | SslProtocols.Tls13);
            var head = "POST /inject?timeout=10s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.Length + "\r\n\r\n";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
            await tls.WriteAsync(body.AsMemory(0, body.Length / 2));
            await tls.FlushAsync();
            await Task.Delay(300);
            // RST, not FIN: the caller is gone, not half-closed.
            tcp.Client.LingerState = new LingerOption(true, 0);
        }

        await AssertCountedAsync(server, "incomplete_body");
    }

    [Fact]
    public async Task An_http2_connection_closed_mid_body_is_a_client_abort_not_an_internal_error()
    {
        await using var server = await InjectorProcess.StartAsync();
        var body = AdmissionTestData.PodCreate();
        var content = new HalfThenHangContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var client = server.CreateClient(HttpVersion.Version20);
        var sending = client.PostAsync("/inject?timeout=10s", content);
        await content.HalfSent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        // Closes the HTTP/2 connection with the stream still receiving its body.
        client.Dispose();
        var outcome = await Record.ExceptionAsync(() => sending);
        var completed = sending.IsCompletedSuccessfully ? await (await sending).Content.ReadAsStringAsync() : "";
        Assert.True(outcome is not null, "the request completed: " + completed);

        await AssertCountedAsync(server, "client_aborted");
    }

    /// <summary>Exactly one failure, with <paramref name="reason"/> and the served revision's label; nothing logged as a bug.</summary>
    private static async Task AssertCountedAsync(InjectorProcess server, string reason)
    {
        using var monitoring = server.CreateMonitoringClient();
        var scrape = "";
        for (var attempt = 0; attempt < 50; attempt++)
        {
            scrape = await monitoring.GetStringAsync("/metrics");
            if (Failures(scrape, reason) >= 1) break;
            await Task.Delay(100);
        }
        var counted = string.Join("\n", scrape.Split('\n').Where(l => l.StartsWith("sidecar_injection_", StringComparison.Ordinal) && !l.Contains("_bucket", StringComparison.Ordinal)));
        Assert.True(Failures(scrape, reason) == 1, counted + "\n" + server.Output);
        Assert.Equal(1, Failures(scrape, ""));
        Assert.Contains("reason=\"" + reason + "\",revision=\"default\"", counted);
        Assert.DoesNotContain("unhandled exception", server.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fail:", server.Output);
        Assert.DoesNotContain("internal_error", server.Output);
    }

    private static double Failures(string scrape, string reason) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith("sidecar_injection_failure_total{", StringComparison.Ordinal)
                && line.Contains("reason=\"" + reason, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    /// <summary>Sends the first half of the body, then waits until the request is torn down.</summary>
    private sealed class HalfThenHangContent(byte[] body) : HttpContent
    {
        public TaskCompletionSource HalfSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            HalfSent.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }
}
