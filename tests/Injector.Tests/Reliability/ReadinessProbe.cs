using System.Diagnostics;
using System.Net;
using Injector.Tests.Integration;

namespace Injector.Tests.Reliability;

internal static class ReadinessProbe
{
    /// <summary>Polls <c>/readyz</c> every 10 ms until it is not 200; returns how long that took, fails after <paramref name="within"/>.</summary>
    public static async Task<TimeSpan> WaitForNotReadyAsync(InjectorProcess server, TimeSpan within)
    {
        using var monitoring = server.CreateMonitoringClient();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using (var response = await monitoring.GetAsync("/readyz"))
            {
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    return clock.Elapsed;
                }
            }
            Assert.True(clock.Elapsed < within, "/readyz still 200 after " + clock.Elapsed);
            await Task.Delay(10);
        }
    }
}
