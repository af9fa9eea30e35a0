using System.Buffers;

namespace Injector.Admission;

/// <summary>
/// Gives the parser one contiguous span. A body that arrived in several pipe segments is copied into a buffer from a
/// pool of our own; a single segment is used as it is.
/// </summary>
/// <remarks>
/// Why not <see cref="ArrayPool{T}.Shared"/> (which JsonDocument would use for the same copy): at every gen2
/// collection it drops arrays that have sat in a per-core stack for a minute, even when that stack is in constant use.
/// A steady stream of large pods (an env-heavy 167 KB pod needs a 256 KB buffer, which lives on the large-object heap)
/// then keeps allocating fresh large arrays, and the process RSS steps up and down with each gen2 (load/README.md,
/// soak). This pool never trims: it keeps at most <see cref="ArraysPerSize"/> buffers of each power-of-two size up to
/// <see cref="LargestPooled"/> (at most ~8 MiB in all). Larger bodies get an array of their own, which the GC takes
/// back: pooling those kept 64 MiB for good after a burst of 6 MiB bodies.
/// </remarks>
internal static class ContiguousBody
{
    private const int ArraysPerSize = 4;
    private const int LargestPooled = 1024 * 1024;

    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(LargestPooled, ArraysPerSize);

    /// <summary>The body as one segment; <paramref name="rented"/> is the pooled copy to give back to <see cref="Return"/>.</summary>
    public static ReadOnlySequence<byte> Of(ReadOnlySequence<byte> body, out byte[]? rented)
    {
        rented = null;
        if (body.IsSingleSegment) return body;
        var length = checked((int)body.Length);
        rented = Pool.Rent(length);
        body.CopyTo(rented);
        return new ReadOnlySequence<byte>(rented, 0, length);
    }

    public static void Return(byte[]? rented)
    {
        if (rented is not null) Pool.Return(rented);
    }
}
