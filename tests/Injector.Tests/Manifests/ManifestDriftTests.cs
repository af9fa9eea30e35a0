using System.Diagnostics;
using Injector.Install.Manifests;
using Injector.Tests.Support;

namespace Injector.Tests.Manifests;

/// <summary>
/// The checked-in <c>manifests/</c> must be exactly what <c>injector manifest</c> renders today.
/// <c>INJECTOR_UPDATE_MANIFESTS=1</c> rewrites them instead of failing.
/// </summary>
public sealed class ManifestDriftTests
{
    public static TheoryData<string> Revisions => new() { "default", "asm-1233-2" };

    /// <summary>The flags each checked-in revision is rendered with (also documented in docs/install.md).</summary>
    internal static ManifestOptions OptionsFor(string revision) =>
        new(revision) { IsDefault = revision == "default" };

    [Theory]
    [MemberData(nameof(Revisions))]
    public void CheckedInManifestsMatchTheRenderer(string revision)
    {
        var path = Path.Combine(TestPaths.RepoRoot, "manifests", revision, "injector.yaml");
        var rendered = ManifestRenderer.Render(OptionsFor(revision));
        if (Environment.GetEnvironmentVariable("INJECTOR_UPDATE_MANIFESTS") == "1")
        {
            File.WriteAllText(path, rendered);
            return;
        }
        Assert.True(File.Exists(path), path + " is missing: run with INJECTOR_UPDATE_MANIFESTS=1");
        var onDisk = File.ReadAllText(path);
        Assert.True(rendered == onDisk,
            $"{path} drifted from `injector manifest`: re-render with INJECTOR_UPDATE_MANIFESTS=1 ./test.sh --filter FullyQualifiedName~ManifestDrift");
    }

    [Theory]
    [MemberData(nameof(Revisions))]
    public async Task KubectlKustomizeBuildsTheRevision(string revision)
    {
        var kubectl = File.Exists("/usr/bin/kubectl") ? "/usr/bin/kubectl" : "kubectl";
        var start = new ProcessStartInfo(kubectl, ["kustomize", Path.Combine(TestPaths.RepoRoot, "manifests", revision)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "kubectl kustomize did not finish");
        Assert.True(process.ExitCode == 0, await stderr);

        var built = YamlTestReader.Documents(await stdout);
        // Compared with the checked-in file (the drift test ties that file to the renderer).
        var expected = YamlTestReader.Documents(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "manifests", revision, "injector.yaml")));
        Assert.Equal(expected.Count, built.Count);
        // Same order as the file (sortOptions fifo): the policy is applied before the bindings it narrows.
        Assert.Equal(expected.Select(d => (string?)d["kind"] + "/" + d["metadata"]!["name"]), built.Select(d => (string?)d["kind"] + "/" + d["metadata"]!["name"]));
        var webhook = YamlTestReader.Single(built, "MutatingWebhookConfiguration", "injector-" + revision);
        var entries = webhook["webhooks"]!.AsArray().Select(w => (string?)w!["name"]).ToList();
        Assert.Equal(revision == "default" ? 4 : 2, entries.Count);
        Assert.Contains("rev.namespace.sidecar-injector.istio.io", entries);
        // kustomize re-orders keys but must not change content.
        foreach (var doc in expected)
        {
            var match = YamlTestReader.Single(built, (string)doc["kind"]!, (string)doc["metadata"]!["name"]!);
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(doc, match), $"{doc["kind"]} changed under kustomize");
        }
    }
}
