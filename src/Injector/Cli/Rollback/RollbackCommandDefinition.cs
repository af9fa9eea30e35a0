using System.CommandLine;
using Injector.Cli.Shared;

namespace Injector.Cli.Rollback;

/// <summary><c>injector rollback</c>: undo the last <c>injector migrate</c> of a namespace. See docs/operations.md.</summary>
internal static class RollbackCommandDefinition
{
    public static Command Create()
    {
        var connection = new KubeConnectionOptions();
        var ns = new Option<string>("--namespace", "-n") { Description = "The namespace to roll back.", Required = true };
        var restart = new Option<bool>("--restart") { Description = "Restart the namespace's Deployments, StatefulSets and DaemonSets so pods are re-injected." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change; change nothing." };
        var command = new Command("rollback", "Restore the injection labels a namespace had before `injector migrate`.") { ns, restart, dryRun };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandHandler.RunAsync(parse, ct,
            p => new RollbackSettings(p.GetRequiredValue(ns), p.GetValue(restart), p.GetValue(dryRun), connection.Bind(p)),
            RollbackCommand.RunAsync));
        return command;
    }
}
