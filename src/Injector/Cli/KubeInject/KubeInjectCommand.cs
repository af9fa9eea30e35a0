using System.Text.Json.Nodes;
using Injector.Revisions;
using Injector.Workloads;

namespace Injector.Cli.KubeInject;

/// <summary>
/// <c>injector kube-inject</c>: YAML in, YAML out, through the same <c>SidecarInjector.Inject</c> the webhook runs.
/// Exit codes: 0 done, 1 a pod was denied (nothing is written), 2 the input or the revision config is unusable.
/// </summary>
internal static class KubeInjectCommand
{
    public const int Denied = 1;
    public const int InvalidInput = 2;

    public static async Task<int> RunAsync(KubeInjectSettings settings, TextReader stdin, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellationToken, PodInjection? injection = null)
    {
        List<JsonNode> documents;
        ManifestInjectionResult result;
        try
        {
            var table = RevisionLoader.Load(settings.ConfigPath, settings.Revision);
            documents = ReadDocuments(settings, stdin);
            result = new ManifestInjector(table.Default, injection).Inject(documents);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return InvalidInput;
        }

        if (result.Denials.Count > 0)
        {
            foreach (var denial in result.Denials) await stderr.WriteLineAsync("denied: " + denial);
            return Denied;
        }

        var yaml = ManifestYamlWriter.WriteDocuments(result.Documents);
        try
        {
            if (settings.OutputPath is { } path)
            {
                await File.WriteAllTextAsync(path, yaml, cancellationToken);
            }
            else
            {
                await stdout.WriteAsync(yaml);
                await stdout.FlushAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync("error: cannot write " + settings.OutputPath + ": " + ex.Message);
            return InvalidInput;
        }
        return 0;
    }

    private static List<JsonNode> ReadDocuments(KubeInjectSettings settings, TextReader stdin)
    {
        if (settings.ReadsStdin) return ManifestYamlReader.ReadDocuments(stdin);
        if (!File.Exists(settings.Filename)) throw new InvalidDataException($"{settings.Filename}: no such file");
        using var reader = File.OpenText(settings.Filename);
        try
        {
            return ManifestYamlReader.ReadDocuments(reader);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException(settings.Filename + ": " + ex.Message, ex);
        }
    }
}
