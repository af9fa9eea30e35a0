using Injector.Common;
using Injector.Kubernetes;
using Injector.Operations.Migration;
using Injector.Operations.Migration.Verify;
using Injector.Webhooks;

namespace Injector.Cli.Migrate;

/// <summary>
/// Relabels a namespace (and restarts and verifies its workloads). Never leaves it half-changed: a refusal changes
/// nothing, and a failure after the relabel (a restart the API server refuses, a failed verification) puts the labels
/// back before reporting.
/// </summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(MigrateSettings settings, CommandIo io, TimeProvider time, CancellationToken ct)
    {
        if (settings.Verify && !settings.Restart) throw CommandException.BadInput("--verify needs --restart (only restarted workloads can be verified)");
        if (settings.Verify && settings.DryRun) throw CommandException.BadInput("--verify cannot be combined with --dry-run");
        var ns = settings.Namespace;
        var cluster = settings.Connection.Connect();
        var output = io.Out;

        // Refuse before touching anything: a namespace pointed at a missing or unready injector gets no sidecars
        // (or, with failurePolicy Fail, no pods at all) on its next restart.
        var catalog = new RevisionCatalog(await cluster.ListWebhookConfigurationsAsync(ct).ConfigureAwait(false));
        var revision = catalog.Resolve(settings.To)
            ?? throw CommandException.Failure("no webhook configuration for revision or tag \"" + settings.To + "\" (known: " + catalog.KnownNames
                + "); install it first (injector manifest --revision " + settings.To + " | kubectl apply -f -)");
        if (!await cluster.IsInjectorReadyAsync(settings.InstallNamespace, revision, ct).ConfigureAwait(false))
        {
            throw CommandException.Failure("the injector for revision " + revision + " is not ready (no ready replicas in deployment "
                + string.Join(" or ", InjectorCluster.InjectorDeploymentNames(revision)) + " in namespace " + settings.InstallNamespace + ")");
        }

        var namespaceObject = await cluster.GetNamespaceAsync(ns, ct).ConfigureAwait(false);
        var change = NamespaceLabelPlanner.PlanMigration(ns, JsonFields.Labels(namespaceObject), JsonFields.Annotations(namespaceObject), settings.To);
        var migrator = new NamespaceMigrator(cluster, output, settings.DryRun, time);
        if (change.IsEmpty) output.WriteLine("namespace/" + ns + " already selects " + settings.To + "; labels unchanged");
        await migrator.ApplyAsync(change, ct).ConfigureAwait(false);
        if (!settings.Restart) return ExitCodes.Ok;

        // From here on the labels are changed: any failure puts them back before it is reported.
        var relabelled = !change.IsEmpty && !settings.DryRun;
        IReadOnlyList<RestartedWorkload> restarted;
        try
        {
            restarted = await migrator.RestartWorkloadsAsync(ns, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (relabelled && CommandHandler.Describe(e) is { } failure)
        {
            var undo = await RollBackAsync(cluster, output, time, ns, restart: false, ct).ConfigureAwait(false);
            throw CommandException.Failure("restart failed: " + failure.Message + "; " + undo
                + " (workloads restarted before the failure keep their new pods until restarted again)");
        }
        if (!settings.Verify) return ExitCodes.Ok;

        var problem = await new RolloutVerifier(cluster, output, time)
            .VerifyAsync(ns, restarted, revision, settings.Timeout, settings.PollInterval, ct).ConfigureAwait(false);
        if (problem is null)
        {
            output.WriteLine("namespace/" + ns + " verified on revision " + revision);
            return ExitCodes.Ok;
        }
        output.WriteLine("verify failed: " + problem);
        if (!relabelled)
        {
            throw CommandException.Failure("verify failed: " + problem + "; labels unchanged (namespace " + ns + " already selected " + settings.To + ")");
        }
        var rolledBack = await RollBackAsync(cluster, output, time, ns, restart: true, ct).ConfigureAwait(false);
        throw CommandException.Failure("verify failed: " + problem + "; " + rolledBack);
    }

    /// <summary>Restores the labels this command replaced (the annotation it just wrote) and, with restart, rolls the workloads again.</summary>
    private static async Task<string> RollBackAsync(InjectorCluster cluster, TextWriter output, TimeProvider time, string ns, bool restart, CancellationToken ct)
    {
        try
        {
            var current = await cluster.GetNamespaceAsync(ns, ct).ConfigureAwait(false);
            var undo = NamespaceLabelPlanner.PlanRollback(ns, JsonFields.Labels(current), JsonFields.Annotations(current));
            var migrator = new NamespaceMigrator(cluster, output, dryRun: false, time);
            await migrator.ApplyAsync(undo, ct).ConfigureAwait(false);
            if (restart) await migrator.RestartWorkloadsAsync(ns, ct).ConfigureAwait(false);
            return "namespace " + ns + " rolled back to its previous labels" + (restart ? " and its workloads restarted" : "");
        }
        catch (Exception e) when (CommandHandler.Describe(e) is { } failure)
        {
            return "the rollback failed too (" + failure.Message + "): run `injector rollback -n " + ns + " --restart`";
        }
    }
}
