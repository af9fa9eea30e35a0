using System.CommandLine;
using Injector.Kubernetes;
using Injector.Operations;

namespace Injector.Cli.Rollback;

/// <summary><c>injector rollback</c>: undo the last <c>injector migrate</c> of a namespace. See docs/operations.md.</summary>
internal static class RollbackCommandDefinition
{
    public sealed class Options
    {
        public KubeConnectionOptions Connection { get; } = new();
        public Option<string> Namespace { get; } = new("--namespace", "-n") { Description = "The namespace to roll back.", Required = true };
        public Option<bool> Restart { get; } = new("--restart") { Description = "Restart the namespace's Deployments, StatefulSets and DaemonSets so pods are re-injected." };
        public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Print what would change; change nothing." };
    }

    public static Command Create()
    {
        var options = new Options();
        var command = new Command("rollback", "Restore the injection labels a namespace had before `injector migrate`.");
        command.Options.Add(options.Namespace);
        command.Options.Add(options.Restart);
        command.Options.Add(options.DryRun);
        options.Connection.AddTo(command);
        command.SetAction((parseResult, ct) =>
            OperationRunner.RunAsync(parseResult, ct, (output, token) => RollbackCommand.RunAsync(options, parseResult, output, token)));
        return command;
    }
}
