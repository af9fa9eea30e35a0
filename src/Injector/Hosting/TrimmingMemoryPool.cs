using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Injector.Hosting;

/// <summary>
/// Kestrel's buffers (socket reads and writes, request bodies waiting to be read): 4 KiB blocks, reused, like
/// Kestrel's own pool, but handing back what a burst left behind within seconds. Kestrel's pool drops 5 % of its idle
/// blocks every 10 s, so after 20 callers had held 6 MiB bodies it took minutes to shrink, and RSS stayed 80 MB up.
/// Here, every <see cref="TrimInterval"/>, the blocks that sat unused through the whole interval (the low-water mark of
/// the free list) are dropped, down to <see cref="KeptBlocks"/>; under steady load the free list is drained and refilled
/// all the time, its low-water mark stays near zero, and nothing is dropped. Dropped blocks are garbage for the next
/// full collection (<see cref="MemoryTrimmer"/>).
/// </summary>
internal sealed class TrimmingMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 4096;

    /// <summary>Blocks always kept (1 MiB): enough for a few idle connections without allocating.</summary>
    private const int KeptBlocks = 256;

    internal static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentQueue<Block> _free = new();
    private readonly Timer _timer;
    private int _freeCount;
    private int _lowWater;
    private bool _disposed;

    public TrimmingMemoryPool()
    {
        _timer = new Timer(static state => ((TrimmingMemoryPool)state!).Trim(), this, TrimInterval, TrimInterval);
    }

    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks waiting in the free list (for tests).</summary>
    public int FreeBlocks => Volatile.Read(ref _freeCount);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize) return new Block(this, minBufferSize, pooled: false);
        if (_free.TryDequeue(out var block))
        {
            var left = Interlocked.Decrement(ref _freeCount);
            if (left < Volatile.Read(ref _lowWater)) Volatile.Write(ref _lowWater, left); // a race only blurs the mark
            return block;
        }
        Volatile.Write(ref _lowWater, 0);
        return new Block(this, BlockSize, pooled: true);
    }

    private void Return(Block block)
    {
        if (Volatile.Read(ref _disposed)) return;
        _free.Enqueue(block);
        Interlocked.Increment(ref _freeCount);
    }

    /// <summary>Drops the blocks nobody needed since the last trim (keeping <see cref="KeptBlocks"/>).</summary>
    internal int Trim()
    {
        var unused = Math.Min(Volatile.Read(ref _lowWater), Volatile.Read(ref _freeCount) - KeptBlocks);
        var dropped = 0;
        while (dropped < unused && _free.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _freeCount);
            dropped++;
        }
        Volatile.Write(ref _lowWater, Volatile.Read(ref _freeCount));
        if (dropped > 0) MemoryTrimmer.NoteReleased((long)dropped * BlockSize);
        return dropped;
    }

    protected override void Dispose(bool disposing)
    {
        Volatile.Write(ref _disposed, true);
        _timer.Dispose();
        _free.Clear();
    }

    /// <summary>
    /// One ordinary array, reused through the free list. Not on the pinned object heap as in Kestrel's pool: that heap
    /// is never compacted, so after a burst its freed blocks stayed as holes between live ones and RSS did not come
    /// down (55 MB of it was free space). An ordinary array is pinned only while a socket operation uses it.
    /// </summary>
    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly TrimmingMemoryPool _pool;
        private readonly bool _pooled;

        public Block(TrimmingMemoryPool pool, int length, bool pooled)
        {
            _pool = pool;
            _pooled = pooled;
            Memory = GC.AllocateUninitializedArray<byte>(length);
        }

        public Memory<byte> Memory { get; }

        public void Dispose()
        {
            if (_pooled) _pool.Return(this);
        }
    }
}

/// <summary>Makes Kestrel (transport and server) use <see cref="TrimmingMemoryPool"/> instead of its own pool.</summary>
internal sealed class TrimmingMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new TrimmingMemoryPool();
}
