using System.Text.RegularExpressions;
using Injector.Tests.Support;

namespace Injector.Tests.Cli;

/// <summary>
/// The executable's folders form layers, with no import cycle between them (issue 13): Common and Webhooks at the
/// bottom, then Kubernetes, then Install and Operations, with Cli on top. Read from the <c>using</c> lines of src/Injector.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Source = Path.Combine(TestPaths.RepoRoot, "src", "Injector");

    [Fact]
    public void FoldersImportEachOtherWithoutCycles()
    {
        var graph = Imports();
        foreach (var start in graph.Keys)
        {
            var path = CycleFrom(start, graph);
            Assert.True(path is null, "import cycle: " + string.Join(" -> ", path ?? []));
        }
    }

    [Theory]
    [InlineData("Common", new string[0])]
    [InlineData("Webhooks", new[] { "Common" })]
    [InlineData("Kubernetes", new[] { "Common", "Telemetry", "Webhooks" })]
    [InlineData("Install", new[] { "Common", "Kubernetes", "Webhooks" })]
    [InlineData("Operations", new[] { "Common", "Kubernetes", "Webhooks" })]
    public void LowerLayersImportOnlyWhatIsBelowThem(string folder, string[] allowed)
    {
        var imports = Imports().GetValueOrDefault(folder, []);
        Assert.True(imports.IsSubsetOf(allowed), folder + " imports " + string.Join(", ", imports.Order()));
    }

    /// <summary>Top-level folder of src/Injector → the top-level folders of the Injector.* namespaces it imports (Core's excluded).</summary>
    private static Dictionary<string, HashSet<string>> Imports()
    {
        var folders = Directory.GetDirectories(Source).Select(Path.GetFileName).Where(n => n is not ("bin" or "obj")).ToHashSet()!;
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var file in Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Source, file);
            var folder = relative.Split(Path.DirectorySeparatorChar)[0];
            if (!folders.Contains(folder)) continue;
            if (folder == "Revisions") continue; // shares its namespace with Core's Injector.Revisions: told apart below
            var set = graph.TryGetValue(folder, out var s) ? s : graph[folder] = [];
            foreach (Match m in Reference().Matches(File.ReadAllText(file)))
            {
                var target = m.Groups[1].Value;
                // Injector.Revisions is Core's revision model (RevisionLoader) everywhere but in the hot-reload folder itself.
                if (target != folder && target != "Revisions" && folders.Contains(target)) set.Add(target);
            }
        }
        return graph;
    }

    private static List<string>? CycleFrom(string start, Dictionary<string, HashSet<string>> graph)
    {
        var stack = new List<string> { start };
        return Visit(start);

        List<string>? Visit(string node)
        {
            foreach (var next in graph.GetValueOrDefault(node, []))
            {
                if (next == start) return [.. stack, next];
                if (stack.Contains(next)) continue;
                stack.Add(next);
                if (Visit(next) is { } found) return found;
                stack.RemoveAt(stack.Count - 1);
            }
            return null;
        }
    }

    // "using Injector.X", "Injector.X.Y" in code, or "namespace Injector.X" users of sibling names.
    [GeneratedRegex(@"\bInjector\.(\w+)")]
    private static partial Regex Reference();
}
