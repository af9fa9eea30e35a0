using System.CommandLine;

namespace Injector.Cli.Tag;

internal static class TagCommandDefinition
{
    // Placeholder: replaced by the command's real definition.
    public static Command Create() => new("tag", "(not implemented yet)");
}
