using Injector.Common;
using Injector.Operations.Migration;

namespace Injector.Cli.Rollback;

/// <summary>Restores the labels <c>migrate</c> saved; refuses (exit 1) a namespace <c>migrate</c> did not change.</summary>
internal static class RollbackCommand
{
    public static async Task<int> RunAsync(RollbackSettings settings, CommandIo io, CancellationToken ct)
    {
        var cluster = settings.Connection.Connect();
        var namespaceObject = await cluster.GetNamespaceAsync(settings.Namespace, ct).ConfigureAwait(false);
        var change = NamespaceLabelPlanner.PlanRollback(settings.Namespace, JsonFields.Labels(namespaceObject), JsonFields.Annotations(namespaceObject));
        var migrator = new NamespaceMigrator(cluster, io.Out, settings.DryRun, TimeProvider.System);
        await migrator.ApplyAsync(change, ct).ConfigureAwait(false);
        if (settings.Restart) await migrator.RestartWorkloadsAsync(settings.Namespace, ct).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
