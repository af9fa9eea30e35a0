using System.CommandLine;
using Injector.Cli.Shared;

namespace Injector.Cli.Diff;

/// <summary><c>injector diff</c>: what each workload's pods gain, lose and change between two revisions. See docs/operations.md.</summary>
internal static class DiffCommandDefinition
{
    public static Command Create()
    {
        var connection = new KubeConnectionOptions();
        var from = new Option<string>("--from") { Description = "The revision the pods are injected by now.", Required = true };
        var to = new Option<string>("--to") { Description = "The revision to compare with.", Required = true };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Compare the live Deployments, StatefulSets and DaemonSets of this namespace." };
        var file = new Option<string?>("--filename", "-f") { Description = "Compare the workloads in this YAML file instead ('-' reads stdin); needs no cluster." };
        var config = RevisionSourceOptions.Config("Revision config file or directory holding both revisions (default: their ConfigMaps with -n, else the embedded default)");
        var fromConfig = new Option<string?>("--from-config") { Description = "Revision config file or directory for --from (default: --config)." };
        var toConfig = new Option<string?>("--to-config") { Description = "Revision config file or directory for --to (default: --config)." };
        var installNamespace = InstallNamespaceOption.Create();
        installNamespace.Description = "Where the revisions' ConfigMaps (injector-R) are read from when no --config is given and -n is.";
        var output = OutputFormatOption.Create();

        var command = new Command("diff", "Show what each workload's injected pod gains, loses and changes when moved from one revision to another.")
        {
            from, to, ns, file, config, fromConfig, toConfig, installNamespace, output,
        };
        connection.AddTo(command);
        command.SetAction((parse, ct) => CommandHandler.RunAsync(parse, ct, p => new DiffSettings(
                p.GetRequiredValue(from), p.GetRequiredValue(to), p.GetValue(ns), p.GetValue(file),
                p.GetValue(config), p.GetValue(fromConfig), p.GetValue(toConfig),
                p.GetValue(installNamespace)!, p.GetValue(output), connection.Bind(p)),
            (settings, io, token) => DiffCommand.RunAsync(settings, io, new Operations.Diff.SidecarInjectorEngine(), token)));
        return command;
    }
}
