using System.CommandLine;
using Injector.Cli.Shared;

namespace Injector.Cli.Revision.List;

/// <summary><c>injector revision list</c>: revisions, tags, readiness, namespaces, injected pods and the control planes pods use. See docs/operations.md.</summary>
internal static class RevisionListCommandDefinition
{
    public static Command Create()
    {
        var connection = new KubeConnectionOptions();
        var output = OutputFormatOption.Create();
        var installNamespace = InstallNamespaceOption.Create();
        var command = new Command("list", "List revisions with their tags, readiness, the namespaces selecting them and the pods they injected, "
            + "and the control planes running pods are attached to.")
        {
            output, installNamespace,
        };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandHandler.RunAsync(parse, ct,
            p => new RevisionListSettings(p.GetValue(output), p.GetValue(installNamespace)!, connection.Bind(p)),
            RevisionListCommand.RunAsync));
        return command;
    }
}
