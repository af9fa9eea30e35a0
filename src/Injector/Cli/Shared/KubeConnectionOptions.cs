using System.CommandLine;
using Injector.Kubernetes;

namespace Injector.Cli.Shared;

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

    public KubeConnection Bind(ParseResult parse) => new(parse.GetValue(Kubeconfig), parse.GetValue(Context));
}
