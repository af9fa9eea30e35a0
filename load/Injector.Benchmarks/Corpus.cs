namespace Injector.Benchmarks;

/// <summary>
/// Finds the request bodies written by load/corpus/generate.sh: <c>INJECTOR_CORPUS_DIR</c>, else
/// <c>artifacts/load/corpus</c> in the repository (load/bench.sh generates it there first).
/// </summary>
internal static class Corpus
{
    public static byte[] Read(string name)
    {
        var path = Path.Combine(Directory(), name + ".json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"corpus body '{name}' not found at {path}: run load/corpus/generate.sh --out {Directory()}");
        }
        return File.ReadAllBytes(path);
    }

    private static string Directory()
    {
        if (Environment.GetEnvironmentVariable("INJECTOR_CORPUS_DIR") is { Length: > 0 } dir) return dir;
        var probe = new DirectoryInfo(AppContext.BaseDirectory);
        while (probe is not null && !File.Exists(Path.Combine(probe.FullName, "Injector.sln"))) probe = probe.Parent;
        if (probe is null) throw new InvalidOperationException("Injector.sln not found; set INJECTOR_CORPUS_DIR");
        return Path.Combine(probe.FullName, "artifacts", "load", "corpus");
    }
}
