using System.Globalization;
using System.Net;
using System.Text;
using Injector.Tests.Admission;

namespace Injector.Tests.Integration;

[Collection(InjectorServerCollection.Name)]
public sealed class MetricsTests(InjectorServerFixture fixture)
{
    private InjectorProcess Server => fixture.Server;

    [Fact]
    public async Task Requests_are_counted_under_istiod_metric_names()
    {
        using var client = Server.CreateClient();
        var before = await ScrapeAsync();
        await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", AdmissionTestData.PodCreate()));
        await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", Encoding.UTF8.GetBytes("nope")));
        await AdmissionRequests.SendRawAsync(client, AdmissionRequests.Post("/inject", AdmissionTestData.PodCreate(), "text/plain"));
        var after = await ScrapeAsync();

        const string revision = "revision=\"" + InjectorServerFixture.Revision + "\"";
        Assert.Equal(Value(before, "sidecar_injection_requests_total", revision) + 3, Value(after, "sidecar_injection_requests_total", revision));
        Assert.Equal(Value(before, "sidecar_injection_failure_total", revision, "reason=\"invalid_json\"") + 1,
            Value(after, "sidecar_injection_failure_total", revision, "reason=\"invalid_json\""));
        Assert.Equal(Value(before, "sidecar_injection_failure_total", revision, "reason=\"unsupported_media_type\"") + 1,
            Value(after, "sidecar_injection_failure_total", revision, "reason=\"unsupported_media_type\""));
        // Successes are counted per path (compiled, rendered): every series counts.
        var answered = Sum(after, "sidecar_injection_success_total", revision) + Sum(after, "sidecar_injection_skip_total", revision);
        Assert.True(answered >= 1, after);
        Assert.Equal(Value(before, "sidecar_injection_time_seconds_count", revision) + 3, Value(after, "sidecar_injection_time_seconds_count", revision));

        Assert.Contains("# TYPE sidecar_injection_requests_total counter", after);
        Assert.Contains("# TYPE sidecar_injection_time_seconds histogram", after);
        Assert.Contains("sidecar_injection_time_seconds_bucket{", after);
        Assert.Contains("le=\"5E-05\"", after);
        Assert.Contains("le=\"10\"", after);
        Assert.Matches(@"(?m)^injector_config_reload_failures_total(\{[^}]*\})? 0", after);
        Assert.DoesNotContain("_total_total", after);
    }

    [Fact]
    public async Task Runtime_gc_and_memory_metrics_are_exported()
    {
        using var client = Server.CreateClient();
        await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject", AdmissionTestData.PodCreate()));
        var scrape = await ScrapeAsync();

        // The runtime's own meter: what tells a leak from a GC budget change (docs/metrics.md).
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", scrape);
        Assert.True(Sum(scrape, "dotnet_gc_heap_total_allocated_bytes_total", "otel_scope_name=\"System.Runtime\"") > 0, scrape);
        Assert.True(Value(scrape, "dotnet_process_memory_working_set_bytes") > 1 << 20, scrape);
        Assert.Contains("dotnet_gc_last_collection_heap_size_bytes{", scrape);
        Assert.Contains("dotnet_gc_last_collection_memory_committed_size_bytes{", scrape);
        Assert.Contains("dotnet_thread_pool_thread_count", scrape);
    }

    private async Task<string> ScrapeAsync()
    {
        using var monitoring = Server.CreateMonitoringClient();
        var response = await monitoring.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of the one series named <paramref name="name"/> whose labels contain every <paramref name="labels"/>; 0 when absent.</summary>
    private static double Value(string exposition, string name, params string[] labels)
    {
        var matches = Series(exposition, name, labels).ToList();
        Assert.True(matches.Count <= 1, "several series match " + name);
        return matches.Count == 0 ? 0 : matches[0];
    }

    private static double Sum(string exposition, string name, params string[] labels) => Series(exposition, name, labels).Sum();

    private static IEnumerable<double> Series(string exposition, string name, string[] labels) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => labels.All(line.Contains))
            .Select(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
