using Injector.Limits;

namespace Injector.Http;

/// <summary>
/// The request-body bytes all requests together may buffer at once (<see cref="InputLimits.MaxBufferedBodyBytes"/>).
/// Each body is held whole until it is parsed, and parsing costs a multiple of its size: without a shared bound,
/// 40 connections each holding a 6 MiB body minus one byte held 300 MB. A request takes bytes as its body arrives and
/// gives them back when it is answered. Large bodies may not use the last <see cref="InputLimits.BufferedBytesKeptForSmallBodies"/>,
/// which stay for ordinary pods.
/// </summary>
internal sealed class BufferedBodyBudget(long capacity)
{
    private long _used;

    public long Capacity => capacity;

    /// <summary>Bytes held right now (for tests and diagnostics).</summary>
    public long InUse => Volatile.Read(ref _used);

    /// <param name="bytes">More bytes of one body.</param>
    /// <param name="large">The body has grown past <see cref="InputLimits.SmallBodyBytes"/>.</param>
    public bool TryTake(long bytes, bool large)
    {
        var limit = large ? capacity - InputLimits.BufferedBytesKeptForSmallBodies : capacity;
        if (Interlocked.Add(ref _used, bytes) <= limit) return true;
        Interlocked.Add(ref _used, -bytes);
        return false;
    }

    public void Give(long bytes)
    {
        if (bytes != 0) Interlocked.Add(ref _used, -bytes);
    }
}
