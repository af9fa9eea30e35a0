using System.Security.Cryptography;
using Injector.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Injector.Hosting;

/// <summary>
/// Reloads <c>--tls-cert</c>/<c>--tls-key</c> when their directory changes. Kubernetes Secret volumes update by
/// swapping the <c>..data</c> symlink, which shows up as a rename in the directory, not as a write to the file, so
/// the whole directory is watched. A slow poll backs up the watcher (inotify can miss events on some volumes).
/// A pair that fails to load (half written, expired, a weak key, an oversized file) keeps the previous certificate in service.
/// </summary>
internal sealed class CertificateFileWatcher(ServeOptions options, CertificateStore store, CertificateExpiryMonitor expiry, ILogger<CertificateFileWatcher> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);
    private readonly Lock _reloadLock = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private Timer? _debounceTimer;
    private Timer? _pollTimer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.TlsCertPath is not { } certPath || options.TlsKeyPath is not { } keyPath) return Task.CompletedTask;
        _debounceTimer = new Timer(_ => Reload(certPath, keyPath));
        _pollTimer = new Timer(_ => Reload(certPath, keyPath), null, PollInterval, PollInterval);
        foreach (var directory in new HashSet<string>([DirectoryOf(certPath), DirectoryOf(keyPath)], StringComparer.Ordinal))
        {
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                    | NotifyFilters.CreationTime | NotifyFilters.Size | NotifyFilters.Attributes,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.Renamed += OnChanged;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var watcher in _watchers) watcher.EnableRaisingEvents = false;
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
        _debounceTimer?.Dispose();
        _pollTimer?.Dispose();
    }

    // A Secret update produces a burst of events; wait for it to settle, then load once.
    private void OnChanged(object sender, FileSystemEventArgs e) => _debounceTimer?.Change(Debounce, Timeout.InfiniteTimeSpan);

    private void Reload(string certPath, string keyPath)
    {
        lock (_reloadLock)
        {
            try
            {
                var fresh = CertificateFiles.LoadPem(certPath, keyPath);
                if (store.Current is { } current && current.RawDataMemory.Span.SequenceEqual(fresh.RawDataMemory.Span))
                {
                    fresh.Dispose();
                    return;
                }
                store.Publish(fresh);
                LogEvents.CertificateReloaded(logger, fresh.Subject, fresh.NotAfter.ToUniversalTime());
                expiry.Check();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException or InvalidDataException)
            {
                LogEvents.CertificateReloadFailed(logger, certPath, e.Message);
            }
        }
    }

    private static string DirectoryOf(string path) => Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
}
