using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Injector.Cli;
using Injector.Cli.KubeInject;
using Injector.Common;
using Injector.Tests.Revisions;
using Injector.Tests.Support;
using Injector.Workloads;

namespace Injector.Tests.KubeInject;

public sealed class KubeInjectCommandTests : IDisposable
{
    private const string Manifest =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: hello\nspec:\n  ports:\n  - port: 80\n    targetPort: \"8080\"\n"
        + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hello\nspec:\n  template:\n    metadata:\n      labels:\n        app: hello\n"
        + "    spec:\n      containers:\n      - name: hello\n        image: app:1\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CliRootRunsKubeInjectOnAFile()
    {
        var input = _dir.Write("in.yaml", Manifest);
        var (code, stdout, stderr) = await InvokeCli("kube-inject", "-f", input);

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        AssertInjected(stdout, "default");
    }

    [Theory]
    [MemberData(nameof(KubeInjectParityTests.Cases), MemberType = typeof(KubeInjectParityTests))]
    public async Task TheCommandMatchesIstiosGoldens(string caseFile)
    {
        // The whole command: file in, YAML text out, read back and compared under the parity rules.
        var (code, stdout, stderr) = await InvokeCli("kube-inject", "-f", Path.Combine(TestPaths.ParityCases, caseFile), "--config", KubeInjectParityTests.RevisionFile);
        Assert.True(code == 0, stderr);
        var golden = ManifestYamlReader.ReadDocuments(File.ReadAllText(Path.Combine(TestPaths.ParityCases, caseFile + ".injected")));
        var difference = KubeInjectParityTests.Difference(golden, ManifestYamlReader.ReadDocuments(stdout));
        Assert.True(difference is null, difference);
    }

    [Fact]
    public async Task OutputOptionWritesTheFile()
    {
        var input = _dir.Write("in.yaml", Manifest);
        var output = Path.Combine(_dir.Path, "out.yaml");
        var (code, stdout, _) = await InvokeCli("kube-inject", "--filename", input, "-o", output, "--revision", "canary");

        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        AssertInjected(File.ReadAllText(output), "canary");
    }

    public static TheoryData<string, string, string> Errors => new()
    {
        { "bad YAML", "in.yaml=a: [1\n", "line" },
        { "missing file", "", "no such file" },
        { "bad config", "in.yaml=kind: Pod\n|rev.yaml=revision: x\nunknownKey: 1\n", "rev.yaml" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task UnusableInputExitsTwoWithAClearMessage(string caseName, string files, string expected)
    {
        foreach (var entry in files.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = entry.IndexOf('=');
            _dir.Write(entry[..eq], entry[(eq + 1)..]);
        }
        string[] args = caseName == "bad config"
            ? ["kube-inject", "-f", Path.Combine(_dir.Path, "in.yaml"), "--config", Path.Combine(_dir.Path, "rev.yaml")]
            : ["kube-inject", "-f", Path.Combine(_dir.Path, "in.yaml")];

        var (code, stdout, stderr) = await InvokeCli(args);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: ", stderr);
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public async Task MissingFilenameIsAUsageError()
    {
        var (code, stdout, stderr) = await InvokeCli("kube-inject");
        Assert.NotEqual(0, code);
        Assert.Contains("--filename", stderr);
        _ = stdout;
    }

    [Fact]
    public async Task DeniedPodExitsOneWithTheMessageAndWritesNothing()
    {
        var yaml = Manifest.Replace("      labels:\n", "      annotations:\n        fake/deny: bad override\n      labels:\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var error = await Assert.ThrowsAsync<CommandException>(() => KubeInjectCommand.RunAsync(new KubeInjectSettings("-", Injector.Revisions.RevisionSource.Embedded, null),
            new CommandIo(new StringReader(yaml), stdout, stderr), CancellationToken.None, new FakeSidecarInjection().Inject));

        Assert.Equal(ExitCodes.Failure, error.ExitCode);
        Assert.Equal("", stdout.ToString());
        // What the root handler prints for it.
        Assert.Equal("error: pod denied: Deployment default/hello: bad override; nothing written\n", CommandHandler.Format(error.Message));
    }

    [Fact]
    public async Task InjectedOutputFromStdinIsValidYamlWithTheSidecar()
    {
        var stdout = new StringWriter();
        var code = await KubeInjectCommand.RunAsync(new KubeInjectSettings("-", Injector.Revisions.RevisionSource.Embedded, null),
            new CommandIo(new StringReader(Manifest), stdout, new StringWriter()), CancellationToken.None, new FakeSidecarInjection().Inject);

        Assert.Equal(0, code);
        var text = stdout.ToString();
        Assert.Contains("value: |\n", text); // multi-line env values are written as literal blocks
        Assert.Contains("targetPort: \"8080\"", text); // quoted strings stay strings
        var documents = ManifestYamlReader.ReadDocuments(text);
        var containers = documents[1]["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["hello", "istio-proxy"], containers.Select(c => (string)c!["name"]!).ToArray());
        Assert.Equal("[\n  80\n]\n", (string?)containers[1]!["env"]![2]!["value"]);
    }

    [Fact]
    public async Task TheBuiltBinaryReadsStdinAndWritesStdout()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "injector.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "kube-inject", "-f", "-" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(Manifest);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // a hang fails the test, it does not block the run
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await stderr);
        AssertInjected(await stdout, "default");
    }

    // The real engine's sidecar in the Deployment's template, the Service untouched, no controller fields leaked.
    private static void AssertInjected(string outputYaml, string revision)
    {
        var input = ManifestYamlReader.ReadDocuments(Manifest);
        var output = ManifestYamlReader.ReadDocuments(outputYaml);
        Assert.Equal(2, output.Count);
        Assert.True(JsonNode.DeepEquals(input[0], output[0]), outputYaml);
        Assert.True(JsonNode.DeepEquals(input[1]["metadata"], output[1]["metadata"]), outputYaml);

        var template = output[1]["spec"]!["template"]!;
        var metadata = template["metadata"]!.AsObject();
        Assert.Contains("\"revision\":\"" + revision + "\"", (string?)metadata["annotations"]!["sidecar.istio.io/status"]);
        Assert.False(metadata.ContainsKey("generateName"));
        Assert.False(metadata.ContainsKey("ownerReferences"));
        Assert.False(metadata.ContainsKey("namespace"));
        Assert.False(metadata["labels"]!.AsObject().ContainsKey("pod-template-hash"));

        var spec = template["spec"]!;
        var all = (spec["initContainers"]?.AsArray() ?? []).Concat(spec["containers"]!.AsArray()).ToList();
        var proxy = Assert.Single(all, c => (string?)c!["name"] == "istio-proxy")!;
        var env = proxy["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);
        Assert.Equal("hello", env["ISTIO_META_WORKLOAD_NAME"]);
        Assert.Equal("kubernetes://apis/apps/v1/namespaces/default/deployments/hello", env["ISTIO_META_OWNER"]);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> InvokeCli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliRoot.InvokeAsync(args, new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }
}
