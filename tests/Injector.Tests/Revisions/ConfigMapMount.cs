using System.Runtime.InteropServices;

namespace Injector.Tests.Revisions;

/// <summary>
/// Lays out a directory exactly as the kubelet mounts a ConfigMap: <c>..2026_…/KEY</c> holds the data,
/// <c>..data</c> is a symlink to it, and each <c>KEY</c> is a symlink to <c>..data/KEY</c>. An update writes a new
/// timestamped directory and renames a fresh <c>..data</c> symlink over the old one (the atomic swap).
/// </summary>
internal sealed partial class ConfigMapMount
{
    private int _generation;

    [DllImport("libc", SetLastError = true)]
    private static extern int rename(string oldPath, string newPath);

    public ConfigMapMount(string directory) => Directory = directory;

    public string Directory { get; }

    public void Publish(IReadOnlyDictionary<string, string> data)
    {
        var stamp = "..2026_11_27_12_00_00." + (++_generation).ToString("D4");
        var dataDir = Path.Combine(Directory, stamp);
        System.IO.Directory.CreateDirectory(dataDir);
        foreach (var (key, value) in data) File.WriteAllText(Path.Combine(dataDir, key), value);

        var tmpLink = Path.Combine(Directory, "..data_tmp");
        File.CreateSymbolicLink(tmpLink, stamp);
        // rename(2) replaces the old link atomically, as the kubelet does. File.Move refuses a link to a directory.
        if (rename(tmpLink, Path.Combine(Directory, "..data")) != 0)
        {
            throw new IOException("rename failed: errno " + Marshal.GetLastPInvokeError());
        }

        foreach (var key in data.Keys)
        {
            var keyLink = Path.Combine(Directory, key);
            if (!Path.Exists(keyLink) && new FileInfo(keyLink).LinkTarget is null)
            {
                File.CreateSymbolicLink(keyLink, Path.Combine("..data", key));
            }
        }
    }
}
