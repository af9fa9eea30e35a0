using System.Net;
using System.Text.Json;
using Injector.Tests.Admission;

namespace Injector.Tests.Integration;

/// <summary>
/// <c>--listen</c> / <c>--monitoring-listen</c> bind exactly what docs/serving.md says: an IP binds that address only,
/// <c>localhost</c> binds 127.0.0.1 and ::1, the default <c>*</c> binds every interface.
/// </summary>
[Collection(InjectorServerCollection.Name)]
public sealed class MonitoringListenTests(InjectorServerFixture fixture)
{
    [NonLoopbackIPv4Fact]
    public async Task Loopback_address_answers_on_127_0_0_1_and_refuses_the_machine_address()
    {
        // The shared server runs with --listen 127.0.0.1 --monitoring-listen 127.0.0.1.
        var server = fixture.Server;
        var external = NetworkProbe.NonLoopbackIPv4!;
        Assert.Contains("on http://127.0.0.1:" + server.MonitoringPort + ";", server.Output);

        Assert.Equal((HttpStatusCode.OK, "ok\n"), await NetworkProbe.GetAsync(IPAddress.Loopback, server.MonitoringPort, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, (await NetworkProbe.GetAsync(IPAddress.Loopback, server.MonitoringPort, "/metrics")).Status);

        await NetworkProbe.AssertReachableAsync(external);
        Assert.False(await NetworkProbe.AcceptsAsync(external, server.MonitoringPort), "monitoring port reachable on " + external);
        Assert.False(await NetworkProbe.AcceptsAsync(external, server.Port), "inject port reachable on " + external);
        if (NetworkProbe.HasIPv6Loopback)
        {
            // An IPv4 address binds IPv4 only, not its IPv6 twin.
            Assert.False(await NetworkProbe.AcceptsAsync(IPAddress.IPv6Loopback, server.MonitoringPort), "monitoring port reachable on ::1");
        }
    }

    [NonLoopbackIPv4Fact]
    public async Task Default_binds_both_ports_on_every_interface()
    {
        await using var server = await InjectorProcess.StartWithListenAsync(null, listen: null, monitoringListen: null, "--revision", "canary");
        var external = NetworkProbe.NonLoopbackIPv4!;
        Assert.Contains("Serving /inject on https://*:" + server.Port + " and /metrics, /healthz, /readyz on http://*:" + server.MonitoringPort + ";", server.Output);

        await NetworkProbe.AssertReachableAsync(external);
        List<IPAddress> addresses = [IPAddress.Loopback, external];
        if (NetworkProbe.HasIPv6Loopback) addresses.Add(IPAddress.IPv6Loopback);
        if (NetworkProbe.NonLoopbackIPv6 is { } externalV6) addresses.Add(externalV6);
        foreach (var address in addresses)
        {
            Assert.Equal((HttpStatusCode.OK, "ok\n"), await NetworkProbe.GetAsync(address, server.MonitoringPort, "/healthz"));
            Assert.True(await NetworkProbe.AcceptsAsync(address, server.Port), "inject port refused on " + address);
        }
        await AssertInjectsAsync(server, external);
    }

    [NonLoopbackIPv4Fact]
    public async Task Localhost_binds_loopback_only()
    {
        await using var server = await InjectorProcess.StartWithListenAsync(null, "localhost", "localhost", "--revision", "canary");
        var external = NetworkProbe.NonLoopbackIPv4!;

        Assert.Equal((HttpStatusCode.OK, "ok\n"), await NetworkProbe.GetAsync(IPAddress.Loopback, server.MonitoringPort, "/healthz"));
        await AssertInjectsAsync(server, IPAddress.Loopback);
        if (NetworkProbe.HasIPv6Loopback)
        {
            Assert.Equal((HttpStatusCode.OK, "ok\n"), await NetworkProbe.GetAsync(IPAddress.IPv6Loopback, server.MonitoringPort, "/healthz"));
            await AssertInjectsAsync(server, IPAddress.IPv6Loopback);
        }

        await NetworkProbe.AssertReachableAsync(external);
        Assert.False(await NetworkProbe.AcceptsAsync(external, server.MonitoringPort), "monitoring port reachable on " + external);
        Assert.False(await NetworkProbe.AcceptsAsync(external, server.Port), "inject port reachable on " + external);
    }

    [NonLoopbackIPv4Fact]
    public async Task Non_loopback_address_binds_that_address_only()
    {
        var external = NetworkProbe.NonLoopbackIPv4!;
        // Readiness is polled on 127.0.0.1, so the monitoring port stays on loopback here.
        await using var server = await InjectorProcess.StartWithListenAsync(null, external.ToString(), "127.0.0.1", "--revision", "canary");

        await AssertInjectsAsync(server, external);
        Assert.False(await NetworkProbe.AcceptsAsync(IPAddress.Loopback, server.Port), "inject port reachable on 127.0.0.1");
    }

    /// <summary>A real pod CREATE over HTTPS to that address is answered with a patch that applies.</summary>
    private static async Task AssertInjectsAsync(InjectorProcess server, IPAddress address)
    {
        using var client = server.CreateClient();
        var body = AdmissionTestData.PodCreate();
        var url = NetworkProbe.Url("https", address, server.Port, "/inject?timeout=10s").ToString();
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post(url, body));
        Assert.Equal(HttpStatusCode.OK, status);
        var pod = JsonDocument.Parse(body).RootElement.GetProperty("request").GetProperty("object");
        AdmissionResponseAssert.PatchApplies(review, pod);
    }
}
