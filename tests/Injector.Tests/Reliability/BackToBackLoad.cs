namespace Injector.Tests.Reliability;

/// <summary>
/// Workers that each send one request after another until stopped (bounded: 2 minutes). A worker's send function
/// throws when an answer is wrong; the exception is recorded as a failure, and the worker goes on.
/// </summary>
internal sealed class BackToBackLoad : IDisposable
{
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(2));
    private readonly List<string> _failures = [];
    private readonly int[] _served;
    private readonly Task[] _workers;

    public BackToBackLoad(params Func<Task>[] sendOne)
    {
        _served = new int[sendOne.Length];
        _workers = new Task[sendOne.Length];
        for (var i = 0; i < sendOne.Length; i++)
        {
            var worker = i;
            _workers[i] = Task.Run(() => RunAsync(worker, sendOne[worker]));
        }
    }

    public int Served
    {
        get
        {
            var total = 0;
            for (var i = 0; i < _served.Length; i++) total += ServedBy(i);
            return total;
        }
    }

    public int ServedBy(int worker) => Volatile.Read(ref _served[worker]);

    public IReadOnlyList<string> Failures
    {
        get { lock (_failures) return [.. _failures]; }
    }

    /// <summary>Polls <paramref name="condition"/>; fails with <paramref name="what"/> and the first failures if it stays false.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(condition(), what + " (not within " + within + "); failures: " + string.Join("; ", Failures.Take(3)));
    }

    /// <summary>Waits until every worker has answered <paramref name="more"/> requests beyond what it had answered now.</summary>
    public Task WaitForEveryWorkerAsync(int more, TimeSpan within)
    {
        var targets = new int[_served.Length];
        for (var i = 0; i < targets.Length; i++) targets[i] = ServedBy(i) + more;
        return WaitUntilAsync(() =>
        {
            for (var i = 0; i < targets.Length; i++) if (ServedBy(i) < targets[i]) return false;
            return true;
        }, within, "every worker answered " + more + " more requests");
    }

    public async Task<IReadOnlyList<string>> StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_workers);
        return Failures;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            Task.WaitAll(_workers, TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // Workers record their own failures; nothing more to report while disposing.
        }
        _stop.Dispose();
    }

    private async Task RunAsync(int worker, Func<Task> sendOne)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await sendOne();
                Interlocked.Increment(ref _served[worker]);
            }
            catch (Exception e) when (!_stop.IsCancellationRequested)
            {
                lock (_failures) _failures.Add("worker " + worker + ": " + e.GetType().Name + ": " + e.Message);
            }
            catch (Exception)
            {
                // Stopping: a request cut short by the stop is not a failure.
            }
        }
    }
}
