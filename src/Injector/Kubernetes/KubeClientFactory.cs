using k8s;

namespace Injector.Kubernetes;

/// <summary>Connects like kubectl: an explicit kubeconfig, else $KUBECONFIG or ~/.kube/config, else in-cluster.</summary>
internal static class KubeClientFactory
{
    public static IKubernetes Create(string? kubeconfig, string? context)
    {
        KubernetesClientConfiguration config;
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, context);
        }
        else if (KubernetesClientConfiguration.IsInCluster() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBECONFIG")))
        {
            config = KubernetesClientConfiguration.InClusterConfig();
        }
        else
        {
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: context);
        }
        return new k8s.Kubernetes(config);
    }
}
