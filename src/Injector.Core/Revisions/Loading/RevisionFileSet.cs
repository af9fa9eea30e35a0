namespace Injector.Revisions.Loading;

/// <summary>
/// The revision files behind a <c>--config</c> path: the file itself, or every <c>*.yaml</c>/<c>*.yml</c> entry of a
/// directory. A mounted ConfigMap directory holds <c>..data</c> (a symlink to the current timestamped directory),
/// <c>..2026_…</c> directories and one symlink per key; the dot entries are the kubelet's machinery and are skipped,
/// the key symlinks are followed.
/// </summary>
internal sealed class RevisionFileSet
{
    private RevisionFileSet(string configPath, bool isDirectory, IReadOnlyList<string> files)
    {
        ConfigPath = configPath;
        IsDirectory = isDirectory;
        Files = files;
    }

    public string ConfigPath { get; }
    public bool IsDirectory { get; }

    /// <summary>Full paths, sorted ordinally so loads and errors are deterministic.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Lists the files. Throws <see cref="InvalidDataException"/> when the path is missing or holds none.</summary>
    public static RevisionFileSet Discover(string configPath)
    {
        if (File.Exists(configPath)) return new RevisionFileSet(configPath, isDirectory: false, [configPath]);
        if (!Directory.Exists(configPath))
        {
            throw new InvalidDataException($"revision config '{configPath}' does not exist");
        }

        var files = new List<string>();
        try
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(configPath))
            {
                var name = Path.GetFileName(entry);
                if (name.StartsWith('.')) continue; // ..data, ..2026_11_27_…, editor and hidden files
                if (!IsRevisionFileName(name)) continue;
                if (!IsReadableFile(entry)) continue; // a directory named x.yaml, or a dangling symlink mid-swap
                files.Add(entry);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot list revision directory '{configPath}': {ex.Message}", ex);
        }

        if (files.Count == 0)
        {
            throw new InvalidDataException($"revision directory '{configPath}' holds no *.yaml or *.yml file");
        }
        files.Sort(StringComparer.Ordinal);
        return new RevisionFileSet(configPath, isDirectory: true, files);
    }

    private static bool IsReadableFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return false;
        // FileInfo.Exists is true for a dangling symlink; the final target must exist too.
        return info.LinkTarget is null || info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true };
    }

    public static bool IsRevisionFileName(string name) =>
        name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal);
}
