using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json.Nodes;
using Injector.Tests.Admission;

namespace Injector.Tests.Integration;

/// <summary>Hostile and broken input over real sockets; after each case the server must still answer normally.</summary>
[Collection(InjectorServerCollection.Name)]
public sealed class BadInputMatrixTests(InjectorServerFixture fixture)
{
    private InjectorProcess Server => fixture.Server;

    public static TheoryData<string, byte[], string, string> BadBodies() => AdmissionBadInputTests.BadBodies();

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_body_over_http2_gets_400_and_the_server_stays_up(string name, byte[] body, string reason, string uid)
    {
        using var client = Server.CreateClient(HttpVersion.Version20);
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject?timeout=10s", body));
        Assert.True(status == HttpStatusCode.BadRequest, name + " (" + reason + ") got " + status);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", uid);
        AdmissionResponseAssert.Refused(review, 400);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Duplicate_keys_are_answered_with_the_last_value_winning()
    {
        // docs/bad-input.md: accepted, last one wins (as the API server's decoder). The first uid must not be echoed.
        var text = Encoding.UTF8.GetString(AdmissionTestData.PodCreate());
        var uid = AdmissionBadInputTests.FixtureUid;
        var body = Encoding.UTF8.GetBytes(text.Replace("\"uid\": \"" + uid + "\"", "\"uid\": \"first\", \"uid\": \"" + uid + "\""));
        using var client = Server.CreateClient();
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", body));
        Assert.Equal(HttpStatusCode.OK, status);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", uid);
        Assert.True(review.GetProperty("response").GetProperty("allowed").GetBoolean());
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Huge_annotation_under_the_cap_is_answered()
    {
        var body = AdmissionTestData.Edited(r =>
            r["request"]!["object"]!["metadata"]!["annotations"]!.AsObject()["example.com/huge"] = new string('a', 250_000));
        using var client = Server.CreateClient();
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", body));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(review.GetProperty("response").GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Oversized_headers_are_refused()
    {
        var (status, _) = await RawHttp.SendAsync(Server.Port,
            "POST /inject HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('a', 64 * 1024) + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        Assert.Equal(431, status);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Slowloris_connections_do_not_block_other_clients()
    {
        var stalled = new List<(TcpClient Tcp, Stream Tls)>();
        try
        {
            for (var i = 0; i < 64; i++)
            {
                var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Server.Port);
                var tls = await RawHttp.OpenTlsAsync(tcp, SslProtocols.Tls13);
                await tls.WriteAsync(Encoding.ASCII.GetBytes("POST /inject HTTP/1.1\r\nHost: x\r\nContent-Le"));
                await tls.FlushAsync();
                stalled.Add((tcp, tls));
            }
            await AssertStillServingAsync();
        }
        finally
        {
            foreach (var (tcp, tls) in stalled)
            {
                await tls.DisposeAsync();
                tcp.Dispose();
            }
        }
    }

    [Fact]
    public async Task Many_idle_connections_do_not_block_other_clients()
    {
        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 200; i++)
            {
                var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Server.Port);
                idle.Add(tcp);
            }
            await AssertStillServingAsync();
        }
        finally
        {
            foreach (var tcp in idle) tcp.Dispose();
        }
    }

    [Fact]
    public async Task Http2_streams_reset_right_after_opening_leave_the_server_serving()
    {
        using var client = Server.CreateClient(HttpVersion.Version20);
        var body = AdmissionTestData.PodCreate();
        var attempts = new List<Task>();
        for (var i = 0; i < 200; i++)
        {
            // Cancelling a started HTTP/2 request makes the client send RST_STREAM for it.
            using var cts = new CancellationTokenSource();
            var send = AdmissionRequests.SendRawAsync(client, AdmissionRequests.Post("/inject", new TrickleContent(body, 512)), cts.Token);
            cts.Cancel();
            attempts.Add(send.ContinueWith(static _ => { }, TaskScheduler.Default));
        }
        await Task.WhenAll(attempts);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Request_with_body_ending_mid_stream_gets_an_answer_or_a_close_and_the_server_stays_up()
    {
        var (status, _) = await RawHttp.SendAsync(Server.Port,
            "POST /inject HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
        Assert.Equal(400, status);
        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        Assert.False(Server.HasExited, "the injector exited:\n" + Server.Output);
        using var client = Server.CreateClient();
        var (status, _, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", AdmissionTestData.PodCreate()));
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
