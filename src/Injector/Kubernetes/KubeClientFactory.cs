using k8s;

namespace Injector.Kubernetes;

/// <summary>Connects like kubectl: an explicit kubeconfig, else $KUBECONFIG or ~/.kube/config, else in-cluster.</summary>
internal static class KubeClientFactory
{
    public static IKubernetes Create(string? kubeconfig, string? context) => new k8s.Kubernetes(LoadConfiguration(kubeconfig, context));

    /// <summary>The REST client the operations commands use (see <see cref="KubeApi"/> for why not the typed API).</summary>
    public static KubeApi CreateApi(string? kubeconfig, string? context) => KubeApi.Create(LoadConfiguration(kubeconfig, context));

    public static KubernetesClientConfiguration LoadConfiguration(string? kubeconfig, string? context)
    {
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context);
        }
        if (KubernetesClientConfiguration.IsInCluster() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBECONFIG")))
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }
        return KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: context);
    }
}
