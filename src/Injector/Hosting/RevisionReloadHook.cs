using Microsoft.Extensions.DependencyInjection;

namespace Injector.Hosting;

/// <summary>
/// The slot for the revision hot-reload watcher (owned by the revisions work). It registers its hosted service
/// here; from DI it gets <see cref="ServeOptions"/> (config path, revision), the <see cref="Revisions.RevisionStore"/>
/// to <c>Publish</c> new tables into, and <see cref="Telemetry.InjectorMetrics.ConfigReloadFailed"/> to count
/// failed reloads. Until then the table loaded at startup stays in force.
/// </summary>
internal static class RevisionReloadHook
{
    public static void Register(IServiceCollection services)
    {
        // services.AddHostedService<Revisions.RevisionWatcher>();
    }
}
