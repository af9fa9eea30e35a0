using System.CommandLine;

namespace Injector.Cli;

/// <summary>The command registry: one line per sub-command; each command lives in its own folder.</summary>
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
        return root;
    }
}
