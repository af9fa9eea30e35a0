namespace Injector.Revisions;

/// <summary>What the reload service watches and how often it checks.</summary>
internal sealed class RevisionReloadOptions
{
    public RevisionReloadOptions(RevisionSource source) => Source = source;

    /// <summary>What every load reads; its <see cref="RevisionSource.WatchedPaths"/> are watched (none for the embedded
    /// default, which never changes).</summary>
    public RevisionSource Source { get; }

    /// <summary>
    /// How often the content hash is checked even without a file event. inotify can miss a ConfigMap's
    /// <c>..data</c> symlink swap; 2 s keeps a change served within 5 s with room for the debounce and the load.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The quiet time after a file event before loading: a swap or an editor's save is several events, and a
    /// load mid-write would read a half-written file.
    /// </summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Use file events as well as polling (false: poll only, e.g. where inotify is unavailable).</summary>
    public bool WatchFiles { get; init; } = true;
}
