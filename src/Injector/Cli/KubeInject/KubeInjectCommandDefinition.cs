using System.CommandLine;

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
        var config = new Option<string?>("--config")
        {
            Description = "Revision config file or directory (default: the embedded default revision)",
        };
        var revision = new Option<string?>("--revision")
        {
            Description = "Revision to inject (default: the config's served revision)",
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Write the result to this file instead of stdout",
        };

        var command = new Command("kube-inject", "Inject the sidecar into workload YAML, as the webhook would (like istioctl kube-inject)")
        {
            file, config, revision, output,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new KubeInjectSettings(
                parseResult.GetRequiredValue(file),
                parseResult.GetValue(config),
                parseResult.GetValue(revision),
                parseResult.GetValue(output));
            var console = parseResult.InvocationConfiguration;
            return KubeInjectCommand.RunAsync(settings, Console.In, console.Output, console.Error, cancellationToken);
        });
        return command;
    }
}
