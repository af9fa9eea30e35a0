using System.CommandLine;

namespace Injector.Cli.Revision;

/// <summary><c>injector revision</c>: a group; its verbs live in sub-folders.</summary>
internal static class RevisionCommandDefinition
{
    public static Command Create()
    {
        var command = new Command("revision", "Inspect the injector revisions installed in the cluster.");
        command.Subcommands.Add(List.RevisionListCommandDefinition.Create());
        return command;
    }
}
