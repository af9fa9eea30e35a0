using System.Security.Cryptography;
using System.Text;

namespace Injector.Revisions.Loading;

/// <summary>
/// A hash of everything a load would read (file names and bytes of every source path; for a directory, each of its
/// files). The reload service polls it because inotify does not always report a ConfigMap's <c>..data</c> symlink
/// swap, and compares it to skip reloading (and re-reporting a failure for) content it has already seen.
/// </summary>
internal static class RevisionFingerprint
{
    /// <summary>The hash, or a description of the error when a path cannot be read (so a change of error is a change).</summary>
    public static string Compute(IReadOnlyList<string> paths)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            foreach (var path in paths)
            {
                foreach (var file in FilesOf(path))
                {
                    hash.AppendData(Encoding.UTF8.GetBytes(file));
                    hash.AppendData([0]);
                    hash.AppendData(File.ReadAllBytes(file));
                    hash.AppendData([0]);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return "error:" + ex.Message;
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public static string Compute(string configPath) => Compute([configPath]);

    // A directory's own files (a ConfigMap mount's keys); its dot entries are the kubelet's machinery.
    private static IEnumerable<string> FilesOf(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new InvalidDataException($"'{path}' does not exist");
        var files = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(path))
        {
            if (Path.GetFileName(entry).StartsWith('.')) continue;
            if (File.Exists(entry)) files.Add(entry);
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
