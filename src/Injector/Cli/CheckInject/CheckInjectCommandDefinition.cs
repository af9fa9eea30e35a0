using System.CommandLine;
using Injector.Cli.Shared;

namespace Injector.Cli.CheckInject;

/// <summary><c>injector check-inject</c>: which webhook would inject a pod, and why. See docs/operations.md.</summary>
internal static class CheckInjectCommandDefinition
{
    public static Command Create()
    {
        var connection = new KubeConnectionOptions();
        var ns = new Option<string?>("--namespace", "-n") { Description = "The pod's namespace (default: \"default\")." };
        var pod = new Argument<string?>("pod") { Description = "An existing pod to check; omit to check a hypothetical pod.", Arity = ArgumentArity.ZeroOrOne };
        var labels = new Option<string[]>("--labels", "-l") { Description = "Labels of a hypothetical pod: k=v[,k=v...].", AllowMultipleArgumentsPerToken = false };
        var output = OutputFormatOption.Create();
        var webhooks = new Option<FileInfo?>("--webhooks") { Description = "Offline: read MutatingWebhookConfigurations from this YAML file (multi-document or List) instead of the cluster." };
        var namespaceLabels = new Option<string[]>("--namespace-labels") { Description = "Offline: the namespace's labels, k=v[,k=v...]." };
        var podLabels = new Option<string[]>("--pod-labels") { Description = "Offline: the pod's labels, k=v[,k=v...] (same as -l)." };

        var command = new Command("check-inject", "Show which injector webhook would inject a pod, and why (IST0139 when more than one would).")
        {
            pod, ns, labels, output, webhooks, namespaceLabels, podLabels,
        };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandHandler.RunAsync(parse, ct, p => new CheckInjectSettings(
                p.GetValue(ns) is { Length: > 0 } n ? n : "default",
                p.GetValue(pod),
                LabelList.Parse([.. p.GetValue(labels) ?? [], .. p.GetValue(podLabels) ?? []]),
                p.GetValue(webhooks)?.FullName,
                LabelList.Parse(p.GetValue(namespaceLabels)),
                p.GetValue(output),
                connection.Bind(p)),
            CheckInjectCommand.RunAsync));
        return command;
    }
}
