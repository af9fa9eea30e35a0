using System.CommandLine;

namespace Injector.Cli.Migrate;

internal static class MigrateCommandDefinition
{
    // Placeholder: replaced by the command's real definition.
    public static Command Create() => new("migrate", "(not implemented yet)");
}
