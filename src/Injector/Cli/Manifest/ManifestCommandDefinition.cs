using System.CommandLine;

namespace Injector.Cli.Manifest;

internal static class ManifestCommandDefinition
{
    // Placeholder: replaced by the command's real definition.
    public static Command Create() => new("manifest", "(not implemented yet)");
}
