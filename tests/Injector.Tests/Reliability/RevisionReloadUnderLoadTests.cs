using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Injector.Tests.Admission;
using Injector.Tests.Integration;

namespace Injector.Tests.Reliability;

/// <summary>
/// Revision config hot reload while clients keep sending requests: a ConfigMap-style directory
/// (<c>canary.yaml -> ..data/canary.yaml</c>, <c>..data -> ..VERSION</c>) whose <c>..data</c> link is swapped atomically.
/// </summary>
public sealed class RevisionReloadUnderLoadTests : IDisposable
{
    private readonly KubeVolumeDirectory _volume = new("injector-reload-");
    private readonly HashSet<string> _imagesSeen = [];
    private volatile string _lastImage = "";

    [Fact]
    public async Task Swapping_the_config_under_load_fails_no_request_and_a_broken_config_keeps_the_old_one()
    {
        WriteVersion("..v1", "revision: canary\nimage: example.com/proxy:v1\n");
        _volume.Publish("..v1", "canary.yaml");
        await using var server = await InjectorProcess.StartAsync("--config", _volume.Root, "--revision", "canary");

        using var first = server.CreateClient();
        using var second = server.CreateClient();
        using var load = new BackToBackLoad(() => PostAsync(first), () => PostAsync(second));
        await WaitForImageAsync(load, "example.com/proxy:v1");

        WriteVersion("..v2", "revision: canary\nimage: example.com/proxy:v2\n");
        var swapped = Stopwatch.StartNew();
        _volume.Swap("..v2");
        await WaitForImageAsync(load, "example.com/proxy:v2");
        Assert.True(swapped.Elapsed < TimeSpan.FromSeconds(5), "new config served after " + swapped.Elapsed);

        WriteVersion("..v3", "revision: canary\nimage: example.com/proxy:v3\nnoSuchSetting: 1\n");
        _volume.Swap("..v3");
        using var monitoring = server.CreateMonitoringClient();
        var failures = 0;
        for (var attempt = 0; attempt < 300 && failures == 0; attempt++)
        {
            failures = ReloadFailures(await monitoring.GetStringAsync("/metrics"));
            if (failures == 0) await Task.Delay(100);
        }
        Assert.Equal(1, failures);
        var lastBefore = load.Served;
        await load.WaitUntilAsync(() => load.Served >= lastBefore + 20, TimeSpan.FromSeconds(30), "20 more requests answered");

        var failed = await load.StopAsync();
        Assert.True(failed.Count == 0, "failed requests: " + string.Join("; ", failed.Take(5)));
        lock (_imagesSeen) Assert.DoesNotContain("example.com/proxy:v3", _imagesSeen);
        Assert.Equal("example.com/proxy:v2", _lastImage);
        Assert.False(server.HasExited);
    }

    public void Dispose() => _volume.Dispose();

    private static int ReloadFailures(string metrics)
    {
        var match = Regex.Match(metrics, @"(?m)^injector_config_reload_failures_total(?:\{[^}]*\})? (\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value) : 0;
    }

    private void WriteVersion(string version, string yaml) => _volume.WriteVersion(version, ("canary.yaml", yaml));

    private Task WaitForImageAsync(BackToBackLoad load, string image) =>
        load.WaitUntilAsync(() => _lastImage == image, TimeSpan.FromSeconds(30), "serving " + image + " (last seen '" + _lastImage + "')");

    /// <summary>One request; throws unless it is answered 200 with a patch naming one of the test images.</summary>
    private async Task PostAsync(HttpClient client)
    {
        var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject?timeout=10s", AdmissionTestData.PodCreate()));
        var patch = review.GetProperty("response").TryGetProperty("patch", out var p) ? Encoding.UTF8.GetString(Convert.FromBase64String(p.GetString()!)) : "";
        var image = Regex.Match(patch, @"example\.com/proxy:v\d").Value;
        Assert.True(status == HttpStatusCode.OK && image.Length > 0, "status " + status + ", image '" + image + "'");
        lock (_imagesSeen) _imagesSeen.Add(image);
        _lastImage = image;
    }
}
