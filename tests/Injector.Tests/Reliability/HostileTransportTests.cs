using System.Text.RegularExpressions;
using Injector.Tests.Admission;
using Injector.Tests.Integration;

namespace Injector.Tests.Reliability;

/// <summary>
/// Callers that misuse the transport (issue 12): a stream reset the instant its request is complete. Over real TLS
/// against the real binary: the process stays up, nothing is counted or logged as an internal error.
/// </summary>
public sealed class HostileTransportTests
{
    [Fact]
    public async Task Http2_streams_reset_right_after_a_complete_request_are_client_aborts_or_answers_never_internal_errors()
    {
        await using var server = await InjectorProcess.StartAsync();
        // A pod with 3,000 env vars (~150 KB): long enough to handle that the reset lands while it is being handled.
        var body = AdmissionTestData.Edited(review =>
        {
            var env = new System.Text.Json.Nodes.JsonArray();
            for (var i = 0; i < 3000; i++) env.Add(new System.Text.Json.Nodes.JsonObject { ["name"] = "VARIABLE_" + i, ["value"] = "value-" + i });
            review["request"]!["object"]!["spec"]!["containers"]![0]!["env"] = env;
        });
        const int streams = 60;
        await using (var h2 = await RawHttp2.ConnectAsync(server.Port))
        {
            for (var i = 0; i < streams; i++)
            {
                var id = 1 + 2 * i;
                await h2.PostAsync(id, "/inject?timeout=10s", body);
                await h2.ResetAsync(id);
            }
            await h2.ReadFramesAsync(TimeSpan.FromSeconds(2));
        }

        var scrape = await ScrapeAsync(server, s => Counter(s, "sidecar_injection_requests_total") >= streams);
        Assert.Equal(streams, Counter(scrape, "sidecar_injection_requests_total"));
        var aborted = Counter(scrape, "sidecar_injection_failure_total", "reason=\"client_aborted\"");
        var injected = Counter(scrape, "sidecar_injection_success_total");
        Assert.True(aborted + injected == streams, "every request is an answer or a client abort:\n" + Series(scrape) + "\n" + server.Output);
        Assert.Equal(0, Counter(scrape, "sidecar_injection_failure_total", "reason=\"internal_error\""));
        Assert.DoesNotContain("fail:", server.Output);
        Assert.False(server.HasExited);
    }

    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 413)]
    public async Task A_chunked_body_is_held_to_the_cap_by_its_own_bytes_not_its_framing(int overCap, int status)
    {
        // A chunked body under the documented 6,291,456-byte cap got 413: Kestrel's limit counted the chunk framing.
        await using var server = await InjectorProcess.StartAsync();
        var review = AdmissionTestData.PodCreate();
        var body = new byte[Injector.Limits.InputLimits.DefaultMaxBodyBytes + overCap];
        Array.Fill(body, (byte)' '); // JSON allows trailing whitespace: the review stays valid at any length
        review.CopyTo(body, 0);

        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        await using var tls = await RawHttp.OpenTlsAsync(tcp, System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
        await tls.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
            "POST /inject?timeout=10s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        // 1,000-byte chunks: 6,292 of them, about 44 KB of framing, written in large pieces.
        var framed = new MemoryStream();
        for (var offset = 0; offset < body.Length; offset += 1000)
        {
            var length = Math.Min(1000, body.Length - offset);
            framed.Write(System.Text.Encoding.ASCII.GetBytes(length.ToString("x") + "\r\n"));
            framed.Write(body, offset, length);
            framed.Write("\r\n"u8);
        }
        framed.Write("0\r\n\r\n"u8);
        try
        {
            await tls.WriteAsync(framed.GetBuffer().AsMemory(0, (int)framed.Length));
            await tls.FlushAsync();
        }
        catch (IOException) when (status == 413)
        {
            // Refused and closed while the rest was still going out.
        }
        var head = new byte[12];
        await tls.ReadExactlyAsync(head).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("HTTP/1.1 " + status, System.Text.Encoding.ASCII.GetString(head));
    }

    internal static async Task<string> ScrapeAsync(InjectorProcess server, Func<string, bool> until)
    {
        using var monitoring = server.CreateMonitoringClient();
        var scrape = "";
        for (var attempt = 0; attempt < 300; attempt++) // up to 30 s: a loaded machine counts late
        {
            scrape = await monitoring.GetStringAsync("/metrics");
            if (until(scrape)) break;
            await Task.Delay(100);
        }
        return scrape;
    }

    internal static double Counter(string scrape, string name, params string[] labels) => NetworkProbe.CounterSum(scrape, name, labels);

    internal static string Series(string scrape) =>
        string.Join("\n", Regex.Split(scrape, "\n").Where(l => l.StartsWith("sidecar_injection_", StringComparison.Ordinal) && !l.Contains("_bucket", StringComparison.Ordinal)));
}
