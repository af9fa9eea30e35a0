using k8s;

namespace Injector.Kubernetes;

/// <summary>
/// Connects like kubectl: an explicit kubeconfig; else in-cluster when running in a pod without $KUBECONFIG;
/// else $KUBECONFIG or ~/.kube/config.
/// </summary>
/// <remarks>
/// There is deliberately no factory for the typed <c>k8s.Kubernetes</c> client. Every typed call goes through
/// KubernetesJson, whose source-generated context covers every Kubernetes model, and Native AOT keeps all of it:
/// measured on linux-x64 (Release, this tree, 2026-11-27), the binary is 17,302,720 bytes as it is and 30,603,792 bytes
/// when one command also makes a single typed call (<c>new k8s.Kubernetes(config).CoreV1.ListNamespace()</c>):
/// +13.3 MB (+77%) for one call.
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
        // The client's own default ignores $KUBECONFIG (it reads ~/.kube/config only); kubectl honours it, so do we.
        // Of a path list, the first existing file is used (kubectl would merge them).
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG")?
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(File.Exists);
        return fromEnvironment is not null
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(fromEnvironment, context)
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(currentContext: context);
    }
}
