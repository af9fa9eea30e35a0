using Injector.Kubernetes;
using Injector.Kubernetes.InstallConfig;
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
    public static void Register(IServiceCollection services, ServeOptions serve)
    {
        if (serve.Source.FromCluster)
        {
            services
                .AddSingleton(sp => new ClusterRevisionSource(sp.GetRequiredService<KubeApiConnection>().Api, serve.Source.ClusterNamespace,
                    string.IsNullOrEmpty(serve.Source.Revision) ? RevisionLoader.DefaultRevisionName : serve.Source.Revision))
                .AddSingleton(sp =>
                {
                    var metrics = sp.GetRequiredService<InjectorMetrics>();
                    return new ClusterRevisionReloadService(sp.GetRequiredService<ClusterRevisionSource>(), sp.GetRequiredService<RevisionStore>(),
                        serve.Source.Revision, sp.GetRequiredService<ILogger<ClusterRevisionReloadService>>(), _ => metrics.ConfigReloadFailed());
                })
                .AddHostedService(sp => sp.GetRequiredService<ClusterRevisionReloadService>());
            return;
        }
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
