using System.CommandLine;

namespace Injector.Cli;

/// <summary>
/// The command registry: one line per sub-command; each verb lives in its own folder as Definition (options) →
/// Settings (a record of plain values) → Command (the work), and runs through <see cref="CommandHandler"/>.
/// </summary>
internal static class CliRoot
{
    public static RootCommand Build()
    {
        var root = new RootCommand("injector: a Native-AOT sidecar-injection webhook for revisioned Istio-style meshes.");
        root.Subcommands.Add(Serve.ServeCommandDefinition.Create());
        root.Subcommands.Add(KubeInject.KubeInjectCommandDefinition.Create());
        root.Subcommands.Add(Manifest.ManifestCommandDefinition.Create());
        root.Subcommands.Add(Tag.TagCommandDefinition.Create());
        root.Subcommands.Add(CheckInject.CheckInjectCommandDefinition.Create());
        root.Subcommands.Add(Revision.RevisionCommandDefinition.Create());
        root.Subcommands.Add(Migrate.MigrateCommandDefinition.Create());
        root.Subcommands.Add(Rollback.RollbackCommandDefinition.Create());
        root.Subcommands.Add(Diff.DiffCommandDefinition.Create());
        return root;
    }

    /// <summary>Parses and runs one command line: what <c>Program</c> and the tests call.</summary>
    public static Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null)
    {
        configuration ??= new InvocationConfiguration();
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            return Task.FromResult(CommandHandler.ReportParseErrors(parse, configuration.Error));
        }
        return parse.InvokeAsync(configuration);
    }
}
