using System.Text.RegularExpressions;
using Injector.Tests.Support;

namespace Injector.Tests.Manifests;

/// <summary>No container engine here, so the image is checked by what it says: same publish as CI, hardened final stage.</summary>
public sealed class ContainerfileTests
{
    private static readonly string Containerfile = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Containerfile"));

    [Fact]
    public void PublishCommandIsTheOneCiRuns()
    {
        var smoke = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, ".ci", "smoke.sh"));
        Assert.Equal(PublishArguments(smoke), PublishArguments(Containerfile));
    }

    [Fact]
    public void FinalStageIsChiseledNonRootAndRunsOnlyTheBinary()
    {
        var stages = Regex.Split(Containerfile, @"^FROM ", RegexOptions.Multiline);
        Assert.Equal(3, stages.Length);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 AS build", stages[1]);
        Assert.Contains("clang", stages[1]);
        Assert.Contains("zlib1g-dev", stages[1]);
        var final = stages[2];
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled", final);
        var copies = Regex.Matches(final, @"^COPY .*$", RegexOptions.Multiline).Select(m => m.Value).ToList();
        Assert.Equal(["COPY --from=build /out/injector /injector"], copies);
        Assert.Matches(@"(?m)^USER 1654(:1654)?$", final);
        Assert.Contains("ENTRYPOINT [\"/injector\"]", final);
        Assert.Contains("CMD [\"serve\"]", final);
    }

    /// <summary>The publish command line, without its output directory and redirections.</summary>
    private static string PublishArguments(string text)
    {
        var line = Regex.Match(text, @"dotnet publish [^\n|&;]*").Value.Trim();
        Assert.False(string.IsNullOrEmpty(line), "no dotnet publish line");
        // Drop the output directory (differs by design) and shell redirections such as 2>&1.
        line = Regex.Replace(line, @"\s-o\s+\S+", string.Empty);
        return Regex.Replace(line, @"\s\d?>\S*", string.Empty).Trim();
    }
}
