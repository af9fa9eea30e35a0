using System.CommandLine;
using Injector.Cli.Shared;

namespace Injector.Cli.Migrate;

/// <summary><c>injector migrate</c>: move a namespace to a revision or tag. See docs/operations.md.</summary>
internal static class MigrateCommandDefinition
{
    public static Command Create()
    {
        var connection = new KubeConnectionOptions();
        var ns = new Option<string>("--namespace", "-n") { Description = "The namespace to move.", Required = true };
        var to = new Option<string>("--to") { Description = "Target revision or tag.", Required = true };
        var restart = new Option<bool>("--restart") { Description = "Restart the namespace's Deployments, StatefulSets and DaemonSets so pods are re-injected." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change; change nothing." };
        var installNamespace = InstallNamespaceOption.Create();
        var verify = new Option<bool>("--verify")
        {
            Description = "With --restart: wait until every restarted workload has rolled out with the target revision's sidecars; "
                + "otherwise roll the namespace back (labels and restart) and fail.",
        };
        var timeout = DurationOption.Create("--timeout", "How long --verify waits for all rollouts (Go duration).", TimeSpan.FromMinutes(5));
        var pollInterval = DurationOption.Create("--poll-interval", "How often --verify reads the rollouts (Go duration).", TimeSpan.FromSeconds(2));

        var command = new Command("migrate", "Point a namespace at a revision or tag (istio.io/rev), remembering its previous labels for rollback.")
        {
            ns, to, restart, dryRun, installNamespace, verify, timeout, pollInterval,
        };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandHandler.RunAsync(parse, ct, p => new MigrateSettings(
                p.GetRequiredValue(ns), p.GetRequiredValue(to), p.GetValue(restart), p.GetValue(dryRun), p.GetValue(installNamespace)!,
                p.GetValue(verify), p.GetValue(timeout), p.GetValue(pollInterval), connection.Bind(p)),
            (settings, io, token) => MigrateCommand.RunAsync(settings, io, TimeProvider.System, token)));
        return command;
    }
}
