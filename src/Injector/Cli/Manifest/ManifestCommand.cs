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
        if (settings.OperatorFiles.Count > 0)
        {
            if (settings.ConfigFile is not null) throw CommandException.BadInput("--config and --operator-file exclude each other");
            var documents = new List<(string Name, string Yaml)>();
            foreach (var path in settings.OperatorFiles)
            {
                if (!File.Exists(path)) throw CommandException.BadInput("--operator-file " + path + ": no such file");
                documents.Add((path, await File.ReadAllTextAsync(path, ct).ConfigureAwait(false)));
            }
            options = options with { OperatorDocuments = documents };
        }
        await io.Out.WriteAsync(ManifestRenderer.Render(options)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
