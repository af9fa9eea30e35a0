namespace Injector.Kubernetes;

/// <summary>Which cluster a command talks to: a kubeconfig file and context (null: kubectl's defaults, see <see cref="KubeClientFactory"/>).</summary>
internal sealed record KubeConnection(string? Kubeconfig, string? Context)
{
    /// <summary>Loads the kubeconfig and opens the REST client; nothing is sent until the first call.</summary>
    public InjectorCluster Connect() => new(KubeClientFactory.CreateApi(Kubeconfig, Context));
}
