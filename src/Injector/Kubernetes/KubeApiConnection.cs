namespace Injector.Kubernetes;

/// <summary>
/// The one API client of a <c>serve</c> process (kubectl's rules, <see cref="KubeClientFactory"/>), shared by every
/// component that calls the API server (<c>--from-cluster</c>, <c>--manage-webhook-ca</c>, the cluster facts): the
/// kubeconfig is loaded on first use, once; a load that fails fails every use alike.
/// </summary>
internal sealed class KubeApiConnection(string? kubeconfig = null, string? context = null)
{
    private readonly Lazy<KubeApi> _api = new(() => KubeClientFactory.CreateApi(kubeconfig, context));

    public KubeApi Api => _api.Value;
}
