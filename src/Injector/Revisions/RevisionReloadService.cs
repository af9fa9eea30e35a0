using Injector.Revisions.Loading;
using Microsoft.Extensions.Hosting;
using Injector.Telemetry;
using Microsoft.Extensions.Logging;

namespace Injector.Revisions;

/// <summary>
/// Watches every path of the revision source (<c>--config</c>, <c>--operator-file</c>, <c>--inject-config-dir</c>,
/// <c>--mesh-config</c>: files or directories, including a ConfigMap mount's atomic <c>..data</c> swap) and
/// publishes a freshly loaded <see cref="RevisionTable"/> into the <see cref="RevisionStore"/>. A load is all or
/// nothing: on any failure the old table stays in force, the cause is logged and the failure callback runs.
/// File events trigger a debounced check; a content-hash poll is the fallback for events inotify misses.
/// </summary>
internal sealed partial class RevisionReloadService : IHostedService, IDisposable
{
    private readonly RevisionStore _store;
    private readonly RevisionReloadOptions _options;
    private readonly ILogger<RevisionReloadService> _logger;
    private readonly Action<Exception> _onReloadFailure;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private Task? _loop;
    private string? _lastFingerprint;
    private int _disposed;

    /// <param name="onReloadFailure">Called once per failed load (wire <c>injector_config_reload_failures_total</c> here).</param>
    public RevisionReloadService(RevisionStore store, RevisionReloadOptions options, ILogger<RevisionReloadService> logger, Action<Exception> onReloadFailure)
    {
        _store = store;
        _options = options;
        _logger = logger;
        _onReloadFailure = onReloadFailure;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var paths = _options.Source.WatchedPaths;
        if (paths.Count == 0) return Task.CompletedTask;

        // Load now only if the files changed since the start-up load (LoadAtStart), or nothing was loaded yet.
        ReloadIfChanged();
        if (_options.WatchFiles)
        {
            foreach (var directory in WatchedDirectories(paths))
            {
                if (TryWatch(directory) is { } watcher) _watchers.Add(watcher);
            }
        }
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        DisposeWatchers();
        if (_loop is null) return;
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    // Idempotent: registered as a singleton and again as a hosted service, the container disposes it twice.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        DisposeWatchers();
        _stopping.Cancel();
        _stopping.Dispose();
        _changed.Dispose();
    }

    private void DisposeWatchers()
    {
        lock (_watchers)
        {
            foreach (var watcher in _watchers) watcher.Dispose();
            _watchers.Clear();
        }
    }

    /// <summary>What the log says was loaded: the source's paths.</summary>
    private string Description => string.Join(", ", _options.Source.WatchedPaths);

    /// <summary>
    /// The one load at start-up, by the host before it serves (throws <see cref="InvalidDataException"/> on a bad
    /// source; the caller publishes). The content's fingerprint, taken before reading, is remembered, so
    /// <see cref="StartAsync"/> and the poll load again only after a change.
    /// </summary>
    internal RevisionTable LoadAtStart()
    {
        var paths = _options.Source.WatchedPaths;
        var fingerprint = paths.Count > 0 ? RevisionFingerprint.Compute(paths) : null;
        var table = RevisionLoader.Load(_options.Source);
        _lastFingerprint = fingerprint;
        return table;
    }

    /// <summary>Loads and publishes if the content differs from the last attempt. Returns true when a new table was published.</summary>
    internal bool ReloadIfChanged()
    {
        var path = Description;
        var fingerprint = RevisionFingerprint.Compute(_options.Source.WatchedPaths);
        if (fingerprint == _lastFingerprint) return false;
        _lastFingerprint = fingerprint; // also for failures: the same broken content is reported once, not every poll

        RevisionTable table;
        try
        {
            table = RevisionLoader.Load(_options.Source);
        }
        catch (InvalidDataException ex)
        {
            Log.ReloadFailed(_logger, path, ex.Message);
            _onReloadFailure(ex);
            return false;
        }

        _store.Publish(table);
        Log.Reloaded(_logger, path, table.Revisions.Count, table.Default.Name);
        return true;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await _changed.WaitAsync(_options.PollInterval, stopping))
                {
                    // Let the burst of events settle, then swallow the signals it raised.
                    await Task.Delay(_options.Debounce, stopping);
                    while (_changed.CurrentCount > 0) _changed.Wait(0, CancellationToken.None);
                }
                ReloadIfChanged();
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return; // disposed without StopAsync
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The fingerprint tolerates these; a race with the kubelet can still surface one. Next poll retries.
                Log.ReloadFailed(_logger, Description, ex.Message);
            }
        }
    }

    // A file is watched through its directory: editors and the kubelet replace files rather than write them.
    private static IEnumerable<string> WatchedDirectories(IReadOnlyList<string> paths)
    {
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var directory = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null) directories.Add(directory);
        }
        return directories;
    }

    private FileSystemWatcher? TryWatch(string directory)
    {
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Deleted += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.Error += OnWatcherError;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // Out of inotify instances, for example: polling alone still serves changes within the poll interval.
            Log.WatchUnavailable(_logger, directory, ex.Message);
            return null;
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => Signal();

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        Log.WatchUnavailable(_logger, Description, e.GetException().Message);
        Signal();
    }

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (ObjectDisposedException)
        {
            // An event raced with shutdown.
        }
    }

    // Event IDs: Telemetry/LogEventIds (3100-3199).
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.RevisionsReloaded, LogLevel.Information, "Loaded revision config {Path}: {Count} revision(s), serving '{Served}'", EventName = "RevisionsReloaded")]
        public static partial void Reloaded(ILogger logger, string path, int count, string served);

        [LoggerMessage(LogEventIds.RevisionReloadFailed, LogLevel.Error, "Revision config {Path} was not reloaded; the previous revisions stay in force: {Reason}", EventName = "RevisionReloadFailed")]
        public static partial void ReloadFailed(ILogger logger, string path, string reason);

        [LoggerMessage(LogEventIds.RevisionWatchUnavailable, LogLevel.Warning, "Cannot watch {Path} for changes ({Reason}); relying on polling", EventName = "RevisionWatchUnavailable")]
        public static partial void WatchUnavailable(ILogger logger, string path, string reason);
    }
}
