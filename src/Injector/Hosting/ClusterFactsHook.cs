using Injector.Admission;
using Injector.Kubernetes;
using Injector.Kubernetes.ClusterFacts;
using Injector.Revisions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Injector.Hosting;

/// <summary>
/// Registers the cluster facts (<see cref="ClusterFactsService"/>): the node and namespace watches over the process's
/// one API client, and the snapshots every request reads (<see cref="IClusterFacts"/>).
/// </summary>
internal static class ClusterFactsHook
{
    public static void Register(IServiceCollection services)
    {
        services
            .AddSingleton<ClusterFactsCache>()
            .AddSingleton<IClusterFacts>(sp => sp.GetRequiredService<ClusterFactsCache>())
            .AddSingleton(sp => new ClusterFactsService(sp.GetRequiredService<RevisionStore>(), sp.GetRequiredService<ClusterFactsCache>(),
                () => sp.GetRequiredService<KubeApiConnection>().Api, sp.GetRequiredService<ILogger<ClusterFactsService>>()))
            .AddHostedService(sp => sp.GetRequiredService<ClusterFactsService>());
    }
}
