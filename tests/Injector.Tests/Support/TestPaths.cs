namespace Injector.Tests.Support;

/// <summary>Finds the repository and the shared folder beside it (CI lays <c>shared/</c> next to the clone).</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary><c>INJECTOR_SHARED_DIR</c>, else <c>../shared</c> beside the repository.</summary>
    public static string Shared { get; } =
        Environment.GetEnvironmentVariable("INJECTOR_SHARED_DIR") is { Length: > 0 } s
            ? s
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Fixture(string name) => Path.Combine(Shared, "fixtures", name);

    public static string ParityCases { get; } =
        Environment.GetEnvironmentVariable("ISTIO_PARITY_DIR") is { Length: > 0 } p
            ? p
            : Path.Combine(Shared, "istio-parity", "cases");

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Injector.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Injector.sln not found above " + AppContext.BaseDirectory);
    }
}
