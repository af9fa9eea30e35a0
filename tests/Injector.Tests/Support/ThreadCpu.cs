namespace Injector.Tests.Support;

/// <summary>
/// CPU time of the calling thread (Linux: <c>/proc/thread-self/schedstat</c>, nanoseconds). Unlike wall time it does
/// not grow when other builds share the machine, so a bound on it can be tight enough to catch quadratic work.
/// </summary>
internal static class ThreadCpu
{
    public static TimeSpan Measure(Action action)
    {
        var before = Now();
        action();
        return Now() - before;
    }

    private static TimeSpan Now()
    {
        var text = File.ReadAllText("/proc/thread-self/schedstat");
        var nanoseconds = long.Parse(text.AsSpan(0, text.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}
