using System.CommandLine;

namespace Injector.Cli.Serve;

internal static class ServeCommandDefinition
{
    // Placeholder: replaced by the command's real definition.
    public static Command Create() => new("serve", "(not implemented yet)");
}
