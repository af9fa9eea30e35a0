namespace Injector.Tests.Support;

/// <summary>Finds the repository and its test data (<c>tests/testdata/</c>; nothing outside the clone is read).</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TestData { get; } = Path.Combine(RepoRoot, "tests", "testdata");

    /// <summary>A captured kube-apiserver AdmissionReview, by file name (<c>tests/testdata/apiserver/</c>).</summary>
    public static string Fixture(string name) => Path.Combine(TestData, "apiserver", name);

    public static string FixtureDirectory { get; } = Path.Combine(TestData, "apiserver");

    /// <summary>Istio's 40 default-settings injection goldens.</summary>
    public static string ParityCases { get; } = Path.Combine(TestData, "istio", "cases");

    /// <summary>Istio's cases with install settings: <c>cases.json</c> and <c>cases/</c>.</summary>
    public static string ExplicitCases { get; } = Path.Combine(TestData, "istio", "explicit");

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
