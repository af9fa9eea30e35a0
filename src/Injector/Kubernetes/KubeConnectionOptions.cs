using System.CommandLine;

namespace Injector.Kubernetes;

/// <summary>The <c>--kubeconfig</c> and <c>--context</c> options every cluster command takes, as kubectl's.</summary>
internal sealed class KubeConnectionOptions
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, else in-cluster)." };
    public Option<string?> Context { get; } = new("--context") { Description = "Kubeconfig context to use (default: the current context)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
    }

    public InjectorCluster Connect(ParseResult parseResult) =>
        new(KubeClientFactory.CreateApi(parseResult.GetValue(Kubeconfig), parseResult.GetValue(Context)));
}
