namespace Injector.Revisions;

/// <summary>What the reload service watches and how often it checks.</summary>
internal sealed class RevisionReloadOptions
{
    public RevisionReloadOptions(string? configPath, string? revision)
    {
        ConfigPath = configPath;
        Revision = revision;
    }

    /// <summary>The <c>--config</c> file or directory; null (the embedded default) never changes, so nothing is watched.</summary>
    public string? ConfigPath { get; }

    /// <summary>The <c>--revision</c> served on <c>/inject</c>, passed to every load.</summary>
    public string? Revision { get; }

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
