using System.CommandLine;

namespace Injector.Cli.Rollback;

internal static class RollbackCommandDefinition
{
    // Placeholder: replaced by the command's real definition.
    public static Command Create() => new("rollback", "(not implemented yet)");
}
