using System.Runtime.InteropServices;

namespace Injector.Hosting;

/// <summary>
/// glibc's <c>malloc_trim</c>: hands the native heap's free pages back to the OS. TLS (OpenSSL) allocates per connection
/// from per-thread arenas that keep freed memory; after a burst of connections that was ~8 MB of RSS for good.
/// A no-op where the C library has no such function (musl).
/// </summary>
internal static class NativeHeap
{
    private static bool s_unavailable;

    public static void Trim()
    {
        if (s_unavailable || !OperatingSystem.IsLinux()) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            s_unavailable = true;
        }
    }

    // DllImport, not LibraryImport: the signature is blittable (no marshalling stub), and LibraryImport needs unsafe code.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
