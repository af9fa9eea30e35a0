using Injector.Telemetry;
using Microsoft.Extensions.Hosting;

namespace Injector.Hosting;

/// <summary>
/// Gives memory back after a burst. Kestrel's buffers (<see cref="TrimmingMemoryPool"/>) and large body copies become
/// garbage once a burst is over, but only a full collection returns them, and a quiet process allocates too little to
/// start one: after 20 callers held 6 MiB bodies, RSS stayed 80 MB up. So every <see cref="Interval"/>, when the
/// process is quiet (fewer than <see cref="QuietRequests"/> requests since the last look) and either the pool dropped
/// buffers or the working set is more than 10 % above the lowest level seen after a collection, it runs one full,
/// compacting collection that also decommits (<see cref="GCCollectionMode.Aggressive"/>), then hands the native heap's
/// free pages back (<see cref="NativeHeap"/>). A collection that frees little
/// doubles the wait before the next one (up to five minutes), so memory genuinely in use costs only a rare check.
/// Under load the same checks run at most every <see cref="BusyInterval"/>: the GC's own collections there are of the
/// young generations, and a steady stream of ordinary reviews promotes too little to start a full one, so what a burst
/// left in the old generation (held bodies, a connection flood's buffers) stayed for good: the hostile soak measured
/// RSS 49 MiB before a burst and 162 MiB a minute after it, at 200 reviews/s, with not one gen2 collection. A full
/// collection of the ~20 MiB that is live under load pauses for milliseconds, against the API server's 10 s.
/// Quiet and busy keep their own floor and back-off: the working set under load sits above the idle floor, so measured
/// against it every busy collection looked useless, the wait doubled to five minutes, and a burst whose leftovers were
/// not pool buffers stayed that long (the soak's recovery: 102 MiB for over a minute against 57 MiB before).
/// </summary>
internal sealed class MemoryTrimmer(InjectorMetrics metrics) : IHostedService, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);

    /// <summary>Least time between two collections forced while requests are flowing.</summary>
    private static readonly TimeSpan BusyInterval = TimeSpan.FromSeconds(30);

    /// <summary>Fewer requests than this in an interval is quiet (a full collection pauses for about the heap's size).</summary>
    private const long QuietRequests = 100;

    /// <summary>Buffers dropped by the pool since the last collection that are worth one (4 MiB).</summary>
    private const long WorthCollecting = 4 * 1024 * 1024;

    private static long s_released;

    private readonly Lock _lock = new();
    private Timer? _timer;
    private long _lastRequests;
    private Level _quiet = new(Interval);
    private Level _busy = new(BusyInterval);
    private DateTime _lastBusyCollection = DateTime.MinValue;

    /// <summary>The lowest working set seen after a collection in this state, and when the next one may run.</summary>
    private struct Level(TimeSpan shortest)
    {
        public readonly TimeSpan Shortest = shortest;
        public long Floor = long.MaxValue;
        public TimeSpan Wait = shortest;
        public DateTime Next;
    }

    /// <summary>A pool dropped <paramref name="bytes"/> of buffers: garbage until the next full collection.</summary>
    public static void NoteReleased(long bytes) => Interlocked.Add(ref s_released, bytes);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _quiet.Next = DateTime.UtcNow + Interval;
        // Under load, the first forced collection comes a BusyInterval after start, not at the first tick: a process
        // that starts into load has nothing left from a burst yet, and a full compacting collection 5 s in is pure cost.
        _lastBusyCollection = DateTime.UtcNow;
        _timer = new Timer(_ => Tick(), null, Interval, Interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    private void Tick()
    {
        lock (_lock)
        {
            var requests = metrics.CompletedRequests;
            var quiet = requests - _lastRequests < QuietRequests;
            _lastRequests = requests;
            var now = DateTime.UtcNow;
            ref var level = ref quiet ? ref _quiet : ref _busy;
            // Under load, never more often than BusyInterval, whatever the reason.
            if (!quiet && now - _lastBusyCollection < BusyInterval) return;
            var released = Volatile.Read(ref s_released) >= WorthCollecting;
            var grown = level.Floor == long.MaxValue || Environment.WorkingSet > level.Floor * 1.1;
            if (!released && !(grown && now >= level.Next)) return;
            if (!quiet) _lastBusyCollection = now;
            Interlocked.Exchange(ref s_released, 0);
            CollectAndDecommit();
            var after = Environment.WorkingSet;
            var backToFloor = level.Floor == long.MaxValue || after <= level.Floor * 1.1;
            level.Floor = Math.Min(level.Floor, after);
            level.Wait = backToFloor ? level.Shortest : TimeSpan.FromTicks(Math.Min(level.Wait.Ticks * 2, LongestWait.Ticks));
            level.Next = DateTime.UtcNow + level.Wait;
        }
    }

    /// <summary>
    /// One full, compacting collection that decommits, then the native heap's free pages handed back. Also run once
    /// after the revision loads, before serving: loading parses and compiles templates, and its garbage (~5 MiB) would
    /// otherwise stay resident until the first quiet tick.
    /// </summary>
    public static void CollectAndDecommit()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
    }

    public void Dispose() => _timer?.Dispose();
}
