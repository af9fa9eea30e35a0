using System.Net;
using Injector.Tests.Admission;

namespace Injector.Tests.Integration;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_turns_readiness_off_finishes_in_flight_requests_and_exits_zero()
    {
        await using var server = await InjectorProcess.StartAsync("--shutdown-delay", "2s", "--shutdown-timeout", "15s");
        using var client = server.CreateClient();
        using var monitoring = server.CreateMonitoringClient();

        // An in-flight request: its body trickles in over ~3 s, across the SIGTERM and the drain.
        var body = AdmissionTestData.PodCreate();
        var slow = new TrickleContent(body, body.Length / 30 + 1, TimeSpan.FromMilliseconds(100));
        var inFlight = AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", slow));
        await Task.Delay(300);

        server.SendSigterm();
        HttpStatusCode ready = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 50 && ready == HttpStatusCode.OK; attempt++)
        {
            ready = (await monitoring.GetAsync("/readyz")).StatusCode;
            if (ready == HttpStatusCode.OK) await Task.Delay(20);
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);

        var (status, review, _) = await inFlight;
        Assert.Equal(HttpStatusCode.OK, status);
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", "b72d548a-dd69-4669-b6d3-84e7487f22e1");

        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("readiness is now 503", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idle_keep_alive_connections_do_not_hold_up_the_exit()
    {
        await using var server = await InjectorProcess.StartAsync("--shutdown-delay", "1s", "--shutdown-timeout", "60s");
        using var client = server.CreateClient();
        var (status, _, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", AdmissionTestData.PodCreate()));
        Assert.Equal(HttpStatusCode.OK, status);

        server.SendSigterm();
        // Well inside the 60 s timeout: Kestrel closes the idle keep-alive connection instead of waiting for it.
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }
}
