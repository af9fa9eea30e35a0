using System.CommandLine;
using Injector.Cli.Shared;

namespace Injector.Cli.KubeInject;

/// <summary>The shape of <c>injector kube-inject</c>; <see cref="KubeInjectCommand"/> does the work.</summary>
internal static class KubeInjectCommandDefinition
{
    public static Command Create()
    {
        var file = new Option<string>("--filename", "-f")
        {
            Description = "Kubernetes YAML to inject (one or more documents, or a kind: List); '-' reads stdin",
            Required = true,
        };
        var source = RevisionSourceOptions.ForKubeInject();
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the result to this file instead of stdout",
        };

        var command = new Command("kube-inject", "Inject the sidecar into workload YAML, as the webhook would (like istioctl kube-inject)")
        {
            file, output,
        };
        source.AddTo(command);
        command.SetAction((parse, ct) => CommandHandler.RunAsync(parse, ct,
            p => new KubeInjectSettings(p.GetRequiredValue(file), source.Bind(p), p.GetValue(output)),
            (settings, io, token) => KubeInjectCommand.RunAsync(settings, io, token)));
        return command;
    }
}
