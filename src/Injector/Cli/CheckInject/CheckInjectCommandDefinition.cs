using System.CommandLine;
using Injector.Kubernetes;
using Injector.Operations;
using Injector.Operations.Output;

namespace Injector.Cli.CheckInject;

/// <summary><c>injector check-inject</c>: which webhook would inject a pod, and why. See docs/operations.md.</summary>
internal static class CheckInjectCommandDefinition
{
    public sealed class Options
    {
        public KubeConnectionOptions Connection { get; } = new();
        public Option<string?> Namespace { get; } = new("--namespace", "-n") { Description = "The pod's namespace (default: \"default\")." };
        public Argument<string?> Pod { get; } = new("pod") { Description = "An existing pod to check; omit to check a hypothetical pod.", Arity = ArgumentArity.ZeroOrOne };
        public Option<string[]> Labels { get; } = new("--labels", "-l") { Description = "Labels of a hypothetical pod: k=v[,k=v...]." , AllowMultipleArgumentsPerToken = false };
        public Option<string> Output { get; } = OutputFormat.CreateOption();
        public Option<FileInfo?> Webhooks { get; } = new("--webhooks") { Description = "Offline: read MutatingWebhookConfigurations from this YAML file (multi-document or List) instead of the cluster." };
        public Option<string[]> NamespaceLabels { get; } = new("--namespace-labels") { Description = "Offline: the namespace's labels, k=v[,k=v...]." };
        public Option<string[]> PodLabels { get; } = new("--pod-labels") { Description = "Offline: the pod's labels, k=v[,k=v...] (same as -l)." };
    }

    public static Command Create()
    {
        var options = new Options();
        var command = new Command("check-inject", "Show which injector webhook would inject a pod, and why (IST0139 when more than one would).");
        command.Arguments.Add(options.Pod);
        command.Options.Add(options.Namespace);
        command.Options.Add(options.Labels);
        command.Options.Add(options.Output);
        command.Options.Add(options.Webhooks);
        command.Options.Add(options.NamespaceLabels);
        command.Options.Add(options.PodLabels);
        options.Connection.AddTo(command);
        command.SetAction((parseResult, ct) =>
            OperationRunner.RunAsync(parseResult, ct, (output, token) => CheckInjectCommand.RunAsync(options, parseResult, output, token)));
        return command;
    }
}
