using System.CommandLine;
using Injector.Operations;
using Injector.Operations.Census;
using Injector.Operations.Migration;

namespace Injector.Cli.Migrate;

internal static class MigrateCommand
{
    public static async Task<int> RunAsync(MigrateCommandDefinition.Options options, ParseResult parseResult, TextWriter output, CancellationToken ct)
    {
        var ns = parseResult.GetValue(options.Namespace)!;
        var target = parseResult.GetValue(options.To)!;
        var installNamespace = parseResult.GetValue(options.InstallNamespace)!;
        var cluster = options.Connection.Connect(parseResult);

        // Refuse before touching anything: a namespace pointed at a missing or unready injector gets no sidecars
        // (or, with failurePolicy Fail, no pods at all) on its next restart.
        var catalog = new RevisionCatalog(await cluster.ListWebhookConfigurationsAsync(ct).ConfigureAwait(false));
        var revision = catalog.Resolve(target)
            ?? throw new OperationException("no webhook configuration for revision or tag \"" + target + "\" (known: " + catalog.KnownNames
                + "); install it first (injector manifest --revision " + target + " | kubectl apply -f -)");
        if (!await cluster.IsInjectorReadyAsync(installNamespace, revision, ct).ConfigureAwait(false))
        {
            throw new OperationException("the injector for revision " + revision + " is not ready (no ready replicas in deployment "
                + string.Join(" or ", Kubernetes.InjectorCluster.InjectorDeploymentNames(revision)) + " in namespace " + installNamespace + ")");
        }

        var namespaceObject = await cluster.GetNamespaceAsync(ns, ct).ConfigureAwait(false);
        var change = NamespaceLabelPlanner.PlanMigration(ns, JsonFields.Labels(namespaceObject), JsonFields.Annotations(namespaceObject), target);
        var migrator = new NamespaceMigrator(cluster, output, parseResult.GetValue(options.DryRun), TimeProvider.System);
        if (change.IsEmpty)
        {
            output.WriteLine("namespace/" + ns + " already selects " + target + "; labels unchanged");
        }
        await migrator.ApplyAsync(change, ct).ConfigureAwait(false);
        if (parseResult.GetValue(options.Restart))
        {
            await migrator.RestartWorkloadsAsync(ns, ct).ConfigureAwait(false);
        }
        return 0;
    }
}
