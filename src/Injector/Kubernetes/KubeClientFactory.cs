using k8s;

namespace Injector.Kubernetes;

/// <summary>
/// Connects like kubectl: an explicit kubeconfig, else $KUBECONFIG or ~/.kube/config, else in-cluster.
/// </summary>
/// <remarks>
/// There is deliberately no factory for the typed <c>k8s.Kubernetes</c> client. Every typed call goes through
/// KubernetesJson, whose source-generated context covers every Kubernetes model, and Native AOT keeps all of it:
/// BINARY_SIZE_NOTE
/// Every cluster command (tag, check-inject, revision list, migrate, rollback, the webhook CA manager) uses
/// <see cref="KubeApi"/> over <see cref="KubeTransport"/> instead; only the kubeconfig loading and credential
/// handling of KubernetesClient.Aot is used. Don't add <c>new k8s.Kubernetes(...)</c> back.
/// </remarks>
internal static class KubeClientFactory
{
    /// <summary>The REST client every cluster command uses.</summary>
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
