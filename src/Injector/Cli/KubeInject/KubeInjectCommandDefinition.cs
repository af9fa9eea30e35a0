using System.CommandLine;

namespace Injector.Cli.KubeInject;

internal static class KubeInjectCommandDefinition
{
    // Placeholder: replaced by the command's real definition.
    public static Command Create() => new("kube-inject", "(not implemented yet)");
}
