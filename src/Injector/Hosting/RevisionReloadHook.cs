using Injector.Revisions;
using Injector.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Injector.Hosting;

/// <summary>
/// Registers the revision hot-reload watcher: it reads <see cref="ServeOptions"/> (config path, revision), publishes
/// new tables into the <see cref="RevisionStore"/>, and counts failed reloads in
/// <see cref="InjectorMetrics.ConfigReloadFailed"/>. With the embedded default it watches nothing.
/// </summary>
internal static class RevisionReloadHook
{
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<ServeOptions>();
            var metrics = sp.GetRequiredService<InjectorMetrics>();
            return new RevisionReloadService(
                sp.GetRequiredService<RevisionStore>(),
                new RevisionReloadOptions(options.Source),
                sp.GetRequiredService<ILogger<RevisionReloadService>>(),
                _ => metrics.ConfigReloadFailed());
        });
        services.AddHostedService(sp => sp.GetRequiredService<RevisionReloadService>());
    }
}
