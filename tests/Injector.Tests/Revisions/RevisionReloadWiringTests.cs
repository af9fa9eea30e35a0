using System.Diagnostics.Metrics;
using Injector.Hosting;
using Injector.Revisions;
using Injector.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Injector.Tests.Revisions;

/// <summary>
/// The two registration lines handed to the lead for <c>Hosting/RevisionReloadHook.Register</c>, verbatim, against
/// the real <see cref="InjectorMetrics"/>: a broken reload keeps the table and counts one
/// <c>injector_config_reload_failures</c>.
/// </summary>
public sealed class RevisionReloadWiringTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RegisteredServiceReloadsAndCountsFailures()
    {
        var file = _dir.Write("rev.yaml", "revision: blue\ntag: 1.28.0\n");
        var store = new RevisionStore(RevisionLoader.Load(file, null));
        var services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(new ServeOptions { Source = new RevisionSource { ConfigPath = file } })
            .AddSingleton(store)
            .AddSingleton<InjectorMetrics>();

        // --- the lines for RevisionReloadHook.Register(services) ---
        services.AddSingleton(sp => new RevisionReloadService(sp.GetRequiredService<RevisionStore>(), new RevisionReloadOptions(sp.GetRequiredService<ServeOptions>().Source), sp.GetRequiredService<ILogger<RevisionReloadService>>(), _ => sp.GetRequiredService<InjectorMetrics>().ConfigReloadFailed()));
        services.AddHostedService(sp => sp.GetRequiredService<RevisionReloadService>());
        // ---

        await using var provider = services.BuildServiceProvider();
        long failures = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == InjectorMetrics.MeterName && instrument.Name == "injector_config_reload_failures") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref failures, value));
        listener.Start();

        var hosted = Assert.Single(provider.GetServices<IHostedService>());
        await hosted.StartAsync(CancellationToken.None);
        try
        {
            File.WriteAllText(file, "revision: blue\ntag: 1.29.0\n");
            Assert.True(await WaitUntil(() => store.Current?.Default.Compiled!.Config.Tag == "1.29.0"), "the edit was not served");

            var good = store.Current;
            File.WriteAllText(file, "revision: blue\ntag: [\n");
            Assert.True(await WaitUntil(() => Interlocked.Read(ref failures) == 1), "the failure was not counted");
            Assert.Same(good, store.Current);
        }
        finally
        {
            await hosted.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }
}
