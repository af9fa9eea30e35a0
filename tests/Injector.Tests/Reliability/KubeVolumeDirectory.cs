using System.Runtime.InteropServices;

namespace Injector.Tests.Reliability;

/// <summary>
/// A temporary directory laid out like a Kubernetes Secret or ConfigMap volume: each visible file is a link
/// <c>NAME -> ..data/NAME</c>, <c>..data -> VERSION</c>. An update writes a new version folder and renames a new
/// <c>..data</c> link over the old one, atomically, as the kubelet does.
/// </summary>
internal sealed class KubeVolumeDirectory : IDisposable
{
    public KubeVolumeDirectory(string prefix) => Root = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Root { get; }

    /// <summary>The visible path of a file (the link the server is given).</summary>
    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Writes one version folder; nothing points at it until <see cref="Publish"/> or <see cref="Swap"/>.</summary>
    public void WriteVersion(string version, params (string Name, string Content)[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, version)).FullName;
        foreach (var (name, content) in files) File.WriteAllText(Path.Combine(folder, name), content);
    }

    /// <summary>The initial layout: <c>..data</c> points at <paramref name="version"/>, one link per visible name.</summary>
    public void Publish(string version, params string[] names)
    {
        File.CreateSymbolicLink(Path.Combine(Root, "..data"), version);
        foreach (var name in names) File.CreateSymbolicLink(Path.Combine(Root, name), "..data/" + name);
    }

    /// <summary>Points <c>..data</c> at <paramref name="version"/> with one rename(2).</summary>
    public void Swap(string version)
    {
        var temporary = Path.Combine(Root, "..data_tmp");
        File.CreateSymbolicLink(temporary, version);
        Assert.Equal(0, Rename(temporary, Path.Combine(Root, "..data")));
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    // rename(2) replaces the ..data link atomically; File.Move refuses to overwrite a link to a directory.
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string oldPath, string newPath);
}
