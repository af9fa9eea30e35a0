using Injector.Common;
using Injector.Install.Manifests;

namespace Injector.Cli.Manifest;

/// <summary><c>injector manifest</c>: renders and prints. Invalid flags are bad input (exit 2), one line per problem, nothing on stdout.</summary>
internal static class ManifestCommand
{
    public static async Task<int> RunAsync(ManifestSettings settings, CommandIo io, CancellationToken ct)
    {
        var options = settings.Options;
        if (settings.ConfigFile is { } file)
        {
            if (!File.Exists(file)) throw CommandException.BadInput("--config " + file + ": no such file");
            options = options with { ConfigYaml = await File.ReadAllTextAsync(file, ct).ConfigureAwait(false) };
        }
        await io.Out.WriteAsync(ManifestRenderer.Render(options)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
