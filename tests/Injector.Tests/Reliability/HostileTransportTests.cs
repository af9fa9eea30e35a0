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

    internal static async Task<string> ScrapeAsync(InjectorProcess server, Func<string, bool> until)
    {
        using var monitoring = server.CreateMonitoringClient();
        var scrape = "";
        for (var attempt = 0; attempt < 100; attempt++)
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
