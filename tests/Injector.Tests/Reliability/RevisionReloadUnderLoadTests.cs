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
    private readonly string _dir = Directory.CreateTempSubdirectory("injector-reload-").FullName;

    [Fact]
    public async Task Swapping_the_config_under_load_fails_no_request_and_a_broken_config_keeps_the_old_one()
    {
        WriteVersion("..v1", "revision: canary\nimage: example.com/proxy:v1\n");
        File.CreateSymbolicLink(Path.Combine(_dir, "..data"), "..v1");
        File.CreateSymbolicLink(Path.Combine(_dir, "canary.yaml"), "..data/canary.yaml");
        await using var server = await InjectorProcess.StartAsync("--config", _dir, "--revision", "canary");

        using var load = new LoadLoop(server);
        await load.WaitForImageAsync("example.com/proxy:v1", TimeSpan.FromSeconds(30));

        WriteVersion("..v2", "revision: canary\nimage: example.com/proxy:v2\n");
        var swapped = Stopwatch.StartNew();
        Swap("..v2");
        await load.WaitForImageAsync("example.com/proxy:v2", TimeSpan.FromSeconds(30));
        Assert.True(swapped.Elapsed < TimeSpan.FromSeconds(5), "new config served after " + swapped.Elapsed);

        WriteVersion("..v3", "revision: canary\nimage: example.com/proxy:v3\nnoSuchSetting: 1\n");
        Swap("..v3");
        using var monitoring = server.CreateMonitoringClient();
        var failures = 0;
        for (var attempt = 0; attempt < 300 && failures == 0; attempt++)
        {
            failures = ReloadFailures(await monitoring.GetStringAsync("/metrics"));
            if (failures == 0) await Task.Delay(100);
        }
        Assert.Equal(1, failures);
        var lastBefore = load.Served;
        await load.WaitForMoreAsync(lastBefore + 20, TimeSpan.FromSeconds(30));

        var result = await load.StopAsync();
        Assert.True(result.Failures.Count == 0, "failed requests: " + string.Join("; ", result.Failures.Take(5)));
        Assert.DoesNotContain("example.com/proxy:v3", result.ImagesSeen);
        Assert.Equal("example.com/proxy:v2", load.LastImage);
        Assert.False(server.HasExited);
    }

    private static int ReloadFailures(string metrics)
    {
        var match = Regex.Match(metrics, @"(?m)^injector_config_reload_failures_total(?:\{[^}]*\})? (\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value) : 0;
    }

    private void WriteVersion(string version, string yaml)
    {
        Directory.CreateDirectory(Path.Combine(_dir, version));
        File.WriteAllText(Path.Combine(_dir, version, "canary.yaml"), yaml);
    }

    private void Swap(string version)
    {
        File.CreateSymbolicLink(Path.Combine(_dir, "..data_tmp"), version);
        Assert.Equal(0, Rename(Path.Combine(_dir, "..data_tmp"), Path.Combine(_dir, "..data")));
    }

    // rename(2) replaces the ..data link atomically, as the kubelet does.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string oldPath, string newPath);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Two clients posting the pod fixture back to back (bounded: stops on StopAsync or after 2 minutes).</summary>
    private sealed class LoadLoop : IDisposable
    {
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(2));
        private readonly List<string> _failures = [];
        private readonly HashSet<string> _images = [];
        private readonly Task[] _clients;
        private int _served;
        private volatile string _lastImage = "";

        public LoadLoop(InjectorProcess server) =>
            _clients = [Task.Run(() => RunAsync(server)), Task.Run(() => RunAsync(server))];

        public int Served => Volatile.Read(ref _served);
        public string LastImage => _lastImage;

        public async Task WaitForImageAsync(string image, TimeSpan within)
        {
            var deadline = DateTime.UtcNow + within;
            while (_lastImage != image && DateTime.UtcNow < deadline) await Task.Delay(20);
            lock (_failures) Assert.True(image == _lastImage, "serving '" + _lastImage + "', not " + image + "; failures: " + string.Join("; ", _failures.Take(3)));
        }

        public async Task WaitForMoreAsync(int count, TimeSpan within)
        {
            var deadline = DateTime.UtcNow + within;
            while (Served < count && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.True(Served >= count, "only " + Served + " requests served");
        }

        public async Task<(List<string> Failures, HashSet<string> ImagesSeen)> StopAsync()
        {
            _stop.Cancel();
            await Task.WhenAll(_clients);
            lock (_failures) return (_failures, _images);
        }

        private async Task RunAsync(InjectorProcess server)
        {
            using var client = server.CreateClient();
            var body = AdmissionTestData.PodCreate();
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var (status, review, _) = await AdmissionRequests.SendAsync(client, AdmissionRequests.Post("/inject?timeout=10s", body));
                    var patch = review.GetProperty("response").TryGetProperty("patch", out var p) ? Encoding.UTF8.GetString(Convert.FromBase64String(p.GetString()!)) : "";
                    var image = Regex.Match(patch, @"example\.com/proxy:v\d").Value;
                    if (status != HttpStatusCode.OK || image.Length == 0) Record("status " + status + ", image '" + image + "'");
                    else
                    {
                        lock (_failures) _images.Add(image);
                        _lastImage = image;
                        Interlocked.Increment(ref _served);
                    }
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    Record(e.GetType().Name + ": " + e.Message);
                }
                catch (Exception)
                {
                    // Stopping: a request cut short by the stop is not a failure.
                }
            }
        }

        private void Record(string failure)
        {
            lock (_failures) _failures.Add(failure);
        }

        public void Dispose()
        {
            _stop.Cancel();
            try { Task.WaitAll(_clients, TimeSpan.FromSeconds(30)); } catch (AggregateException) { }
            _stop.Dispose();
        }
    }
}
