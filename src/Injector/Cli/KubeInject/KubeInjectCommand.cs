using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Revisions;
using Injector.Workloads;

namespace Injector.Cli.KubeInject;

/// <summary>
/// <c>injector kube-inject</c>: YAML in, YAML out, through Istio's algorithm over the revision's inputs (as istioctl kube-inject).
/// A denied pod fails the command (exit 1) and nothing is written; an unusable input or config is bad input (exit 2).
/// </summary>
internal static class KubeInjectCommand
{
    public static async Task<int> RunAsync(KubeInjectSettings settings, CommandIo io, CancellationToken cancellationToken, PodInjection? injection = null)
    {
        var table = RevisionLoader.Load(settings.Source);
        var documents = ReadDocuments(settings, io.In);
        // kube-inject follows Istio's algorithm (the rendered path) for every workload: it is offline, and istioctl's
        // output is written back through Go's typed structs, which only that path models. A test may pass the compiled
        // injection instead (injection != null) to exercise kube-inject's I/O around it.
        var result = injection is null
            ? RenderedManifestInjector.Inject(documents, table.Default.Rendered)
            : new ManifestInjector(table.Default.Compiled ?? throw CommandException.BadInput("the revision has no compiled form"), injection).Inject(documents);
        if (result.Denials.Count > 0)
        {
            throw CommandException.Failure((result.Denials.Count == 1 ? "pod denied: " : result.Denials.Count + " pods denied: ")
                + string.Join("; ", result.Denials) + "; nothing written");
        }

        var yaml = ManifestYamlWriter.WriteDocuments(result.Documents);
        if (settings.OutputPath is { } path)
        {
            try
            {
                await File.WriteAllTextAsync(path, yaml, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw CommandException.BadInput("cannot write " + path + ": " + ex.Message);
            }
        }
        else
        {
            await io.Out.WriteAsync(yaml).ConfigureAwait(false);
            await io.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        return ExitCodes.Ok;
    }

    private static List<JsonNode> ReadDocuments(KubeInjectSettings settings, TextReader stdin)
    {
        if (settings.ReadsStdin) return ManifestYamlReader.ReadDocuments(stdin);
        if (!File.Exists(settings.Filename)) throw CommandException.BadInput($"{settings.Filename}: no such file");
        using var reader = File.OpenText(settings.Filename);
        try
        {
            return ManifestYamlReader.ReadDocuments(reader);
        }
        catch (InvalidDataException ex)
        {
            throw CommandException.BadInput(settings.Filename + ": " + ex.Message);
        }
    }
}
