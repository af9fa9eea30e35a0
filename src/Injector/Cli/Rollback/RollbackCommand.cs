using System.CommandLine;
using Injector.Operations;
using Injector.Operations.Migration;

namespace Injector.Cli.Rollback;

internal static class RollbackCommand
{
    public static async Task<int> RunAsync(RollbackCommandDefinition.Options options, ParseResult parseResult, TextWriter output, CancellationToken ct)
    {
        var ns = parseResult.GetValue(options.Namespace)!;
        var cluster = options.Connection.Connect(parseResult);
        var namespaceObject = await cluster.GetNamespaceAsync(ns, ct).ConfigureAwait(false);
        var change = NamespaceLabelPlanner.PlanRollback(ns, JsonFields.Labels(namespaceObject), JsonFields.Annotations(namespaceObject));
        var migrator = new NamespaceMigrator(cluster, output, parseResult.GetValue(options.DryRun), TimeProvider.System);
        await migrator.ApplyAsync(change, ct).ConfigureAwait(false);
        if (parseResult.GetValue(options.Restart))
        {
            await migrator.RestartWorkloadsAsync(ns, ct).ConfigureAwait(false);
        }
        return 0;
    }
}
