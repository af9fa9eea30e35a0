using System.CommandLine;
using Injector.Kubernetes;
using Injector.Operations;
using Injector.Operations.Output;

namespace Injector.Cli.Revision.List;

/// <summary><c>injector revision list</c>: revisions, tags, readiness, namespaces and injected pods. See docs/operations.md.</summary>
internal static class RevisionListCommandDefinition
{
    public sealed class Options
    {
        public KubeConnectionOptions Connection { get; } = new();
        public Option<string> Output { get; } = OutputFormat.CreateOption();
        public Option<string> InstallNamespace { get; } = InstallNamespaceOption.Create();
    }

    public static Command Create()
    {
        var options = new Options();
        var command = new Command("list", "List revisions with their tags, readiness, the namespaces selecting them and the pods they injected.");
        command.Options.Add(options.Output);
        command.Options.Add(options.InstallNamespace);
        options.Connection.AddTo(command);
        command.SetAction((parseResult, ct) =>
            OperationRunner.RunAsync(parseResult, ct, (output, token) => RevisionListCommand.RunAsync(options, parseResult, output, token)));
        return command;
    }
}
