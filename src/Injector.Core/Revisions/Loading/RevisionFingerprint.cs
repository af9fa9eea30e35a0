using System.Security.Cryptography;
using System.Text;

namespace Injector.Revisions.Loading;

/// <summary>
/// A hash of everything a load would read (file names and bytes). The reload service polls it because inotify
/// does not always report a ConfigMap's <c>..data</c> symlink swap, and compares it to skip reloading (and
/// re-reporting a failure for) content it has already seen.
/// </summary>
internal static class RevisionFingerprint
{
    /// <summary>The hash, or a description of the error when the path cannot be read (so a change of error is a change).</summary>
    public static string Compute(string configPath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            var set = RevisionFileSet.Discover(configPath);
            foreach (var file in set.Files)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
                hash.AppendData([0]);
                hash.AppendData(File.ReadAllBytes(file));
                hash.AppendData([0]);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return "error:" + ex.Message;
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
