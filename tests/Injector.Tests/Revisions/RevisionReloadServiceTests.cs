using Injector.Revisions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Injector.Tests.Revisions;

public sealed class RevisionReloadServiceTests : IDisposable
{
    // The promise in docs/revision-loading.md: a new config is served within 5 s.
    private static readonly TimeSpan ServedWithin = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _dir = new();
    private readonly List<Exception> _failures = [];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ConfigMapSymlinkSwapIsServedWithinFiveSeconds()
    {
        var mount = new ConfigMapMount(_dir.Path);
        mount.Publish(new Dictionary<string, string> { ["default.yaml"] = "revision: default\ntag: 1.28.0\n" });
        var store = new RevisionStore(RevisionLoader.Load(_dir.Path, null));

        await using var running = await StartAsync(store, _dir.Path);
        mount.Publish(new Dictionary<string, string>
        {
            ["default.yaml"] = "revision: default\ntag: 1.29.0\n",
            ["canary.yaml"] = "revision: canary\ntag: 1.30.0\n",
        });

        Assert.True(await WaitUntil(() => store.Current?.Default.Compiled!.Config.Tag == "1.29.0"), "the swapped config was not served in time");
        Assert.True(store.Current!.TryGet("canary", out _));
        Assert.Empty(_failures);
    }

    [Fact]
    public async Task PollingAloneServesASwapWithinFiveSeconds()
    {
        // The fallback for swaps inotify misses: no watcher at all, only the content-hash poll.
        var mount = new ConfigMapMount(_dir.Path);
        mount.Publish(new Dictionary<string, string> { ["default.yaml"] = "revision: default\ntag: 1.28.0\n" });
        var store = new RevisionStore(RevisionLoader.Load(_dir.Path, null));

        await using var running = await StartAsync(store, _dir.Path, watchFiles: false);
        mount.Publish(new Dictionary<string, string> { ["default.yaml"] = "revision: default\ntag: 1.29.0\n" });

        Assert.True(await WaitUntil(() => store.Current?.Default.Compiled!.Config.Tag == "1.29.0"), "polling did not serve the swap in time");
    }

    [Fact]
    public async Task EditedFileIsServedWithinFiveSeconds()
    {
        var file = _dir.Write("rev.yaml", "revision: blue\ntag: 1.28.0\n");
        var store = new RevisionStore(RevisionLoader.Load(file, null));

        await using var running = await StartAsync(store, file);
        File.WriteAllText(file, "revision: blue\ntag: 1.29.0\n");

        Assert.True(await WaitUntil(() => store.Current?.Default.Compiled!.Config.Tag == "1.29.0"), "the edited file was not served in time");
    }

    [Fact]
    public async Task InvalidConfigKeepsTheOldTableAndReportsOnce()
    {
        var mount = new ConfigMapMount(_dir.Path);
        mount.Publish(new Dictionary<string, string> { ["default.yaml"] = "revision: default\ntag: 1.28.0\n" });
        var store = new RevisionStore(RevisionLoader.Load(_dir.Path, null));

        await using var running = await StartAsync(store, _dir.Path);
        var before = store.Current;
        mount.Publish(new Dictionary<string, string> { ["default.yaml"] = "revision: default\ntag: [broken\n" });

        Assert.True(await WaitUntil(() => Failures() > 0), "the failure callback was not called");
        Assert.Same(before, store.Current);
        var failure = Assert.IsType<InvalidDataException>(Assert.Single(Snapshot()));
        Assert.Contains("default.yaml", failure.Message);

        // A later poll of the same broken content does not report again; fixing it is picked up.
        mount.Publish(new Dictionary<string, string> { ["default.yaml"] = "revision: default\ntag: 1.30.0\n" });
        Assert.True(await WaitUntil(() => store.Current?.Default.Compiled!.Config.Tag == "1.30.0"), "the fixed config was not served");
        Assert.Equal(1, Failures());
    }

    [Fact]
    public async Task StartLoadsIntoAnEmptyStore()
    {
        var file = _dir.Write("rev.yaml", "revision: green\n");
        var store = new RevisionStore();
        await using var running = await StartAsync(store, file);
        Assert.Equal("green", store.Current?.Default.Name);
    }

    [Fact]
    public async Task EmbeddedDefaultIsNotWatched()
    {
        var store = new RevisionStore();
        await using var running = await StartAsync(store, null);
        Assert.Null(store.Current); // nothing to reload: the startup load is the serve command's job
    }

    [Fact]
    public async Task The_start_up_load_is_the_only_load_until_the_files_change()
    {
        var file = _dir.Write("rev.yaml", "revision: blue\ntag: 1.28.0\n");
        var store = new RevisionStore();
        using var service = new RevisionReloadService(store, new RevisionReloadOptions(new RevisionSource { ConfigPath = file }) { WatchFiles = false },
            NullLogger<RevisionReloadService>.Instance, ex => { lock (_failures) _failures.Add(ex); });
        var loaded = service.LoadAtStart();
        store.Publish(loaded);

        // Starting the service does not load the same content again (the host's load is the one load at start).
        await service.StartAsync(CancellationToken.None);
        Assert.Same(loaded, store.Current);
        Assert.False(service.ReloadIfChanged());
        await service.StopAsync(CancellationToken.None);
        Assert.Same(loaded, store.Current);

        File.WriteAllText(file, "revision: blue\ntag: 1.29.0\n");
        Assert.True(service.ReloadIfChanged());
        Assert.Equal("1.29.0", store.Current!.Default.Compiled!.Config.Tag);
    }

    private int Failures()
    {
        lock (_failures) return _failures.Count;
    }

    private List<Exception> Snapshot()
    {
        lock (_failures) return [.. _failures];
    }

    private async Task<RunningService> StartAsync(RevisionStore store, string? path, bool watchFiles = true)
    {
        var service = new RevisionReloadService(store, new RevisionReloadOptions(new RevisionSource { ConfigPath = path }) { WatchFiles = watchFiles },
            NullLogger<RevisionReloadService>.Instance, ex => { lock (_failures) _failures.Add(ex); });
        await service.StartAsync(CancellationToken.None);
        return new RunningService(service);
    }

    private static async Task<bool> WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + ServedWithin;
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }

    private sealed class RunningService(RevisionReloadService service) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await service.StopAsync(CancellationToken.None);
            service.Dispose();
        }
    }
}
