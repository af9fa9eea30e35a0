using System.CommandLine;
using Injector.Kubernetes;
using Injector.Operations;

namespace Injector.Cli.Migrate;

/// <summary><c>injector migrate</c>: move a namespace to a revision or tag. See docs/operations.md.</summary>
internal static class MigrateCommandDefinition
{
    public sealed class Options
    {
        public KubeConnectionOptions Connection { get; } = new();
        public Option<string> Namespace { get; } = new("--namespace", "-n") { Description = "The namespace to move.", Required = true };
        public Option<string> To { get; } = new("--to") { Description = "Target revision or tag.", Required = true };
        public Option<bool> Restart { get; } = new("--restart") { Description = "Restart the namespace's Deployments, StatefulSets and DaemonSets so pods are re-injected." };
        public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Print what would change; change nothing." };
        public Option<string> InstallNamespace { get; } = InstallNamespaceOption.Create();
    }

    public static Command Create()
    {
        var options = new Options();
        var command = new Command("migrate", "Point a namespace at a revision or tag (istio.io/rev), remembering its previous labels for rollback.");
        command.Options.Add(options.Namespace);
        command.Options.Add(options.To);
        command.Options.Add(options.Restart);
        command.Options.Add(options.DryRun);
        command.Options.Add(options.InstallNamespace);
        options.Connection.AddTo(command);
        command.SetAction((parseResult, ct) =>
            OperationRunner.RunAsync(parseResult, ct, (output, token) => MigrateCommand.RunAsync(options, parseResult, output, token)));
        return command;
    }
}
