using System.CommandLine;

namespace Injector.Cli.Revision;

internal static class RevisionCommandDefinition
{
    // Placeholder: replaced by the command's real definition.
    public static Command Create() => new("revision", "(not implemented yet)");
}
