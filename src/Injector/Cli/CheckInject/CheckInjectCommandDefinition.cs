using System.CommandLine;

namespace Injector.Cli.CheckInject;

internal static class CheckInjectCommandDefinition
{
    // Placeholder: replaced by the command's real definition.
    public static Command Create() => new("check-inject", "(not implemented yet)");
}
