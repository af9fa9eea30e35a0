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
/// Under load the GC collects on its own; nothing is forced then.
/// </summary>
internal sealed class MemoryTrimmer(InjectorMetrics metrics) : IHostedService, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);

    /// <summary>Fewer requests than this in an interval is quiet (a full collection pauses for about the heap's size).</summary>
    private const long QuietRequests = 100;

    /// <summary>Buffers dropped by the pool since the last collection that are worth one (4 MiB).</summary>
    private const long WorthCollecting = 4 * 1024 * 1024;

    private static long s_released;

    private readonly Lock _lock = new();
    private Timer? _timer;
    private long _floor = long.MaxValue;
    private long _lastRequests;
    private TimeSpan _wait = Interval;
    private DateTime _next;

    /// <summary>A pool dropped <paramref name="bytes"/> of buffers: garbage until the next full collection.</summary>
    public static void NoteReleased(long bytes) => Interlocked.Add(ref s_released, bytes);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _next = DateTime.UtcNow + Interval;
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
            if (!quiet) return;
            var released = Volatile.Read(ref s_released) >= WorthCollecting;
            var grown = _floor == long.MaxValue || Environment.WorkingSet > _floor * 1.1;
            if (!released && !(grown && DateTime.UtcNow >= _next)) return;
            Interlocked.Exchange(ref s_released, 0);
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            NativeHeap.Trim();
            var after = Environment.WorkingSet;
            var backToFloor = _floor == long.MaxValue || after <= _floor * 1.1;
            _floor = Math.Min(_floor, after);
            _wait = backToFloor ? Interval : TimeSpan.FromTicks(Math.Min(_wait.Ticks * 2, LongestWait.Ticks));
            _next = DateTime.UtcNow + _wait;
        }
    }

    public void Dispose() => _timer?.Dispose();
}
