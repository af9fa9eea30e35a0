using System.CommandLine;
using Injector.Cli;
using Injector.Tests.Support;

namespace Injector.Tests.Manifests;

public sealed class ManifestCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliRoot.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task PrintsTheSameYamlAsTheRenderer()
    {
        var (code, output, _) = await Run("manifest", "--revision", "asm-1233-2");
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "manifests", "asm-1233-2", "injector.yaml")), output);
    }

    [Fact]
    public async Task FlagsReachTheObjects()
    {
        var (code, output, _) = await Run("manifest", "-r", "canary", "-n", "mesh", "--image", "x.io/i:2", "--replicas", "4",
            "--certs", "cert-manager", "--default", "--reinvocation-policy", "IfNeeded", "--timeout-seconds", "5", "--monitoring");
        Assert.Equal(0, code);
        var docs = YamlTestReader.Documents(output);
        var webhook = YamlTestReader.Single(docs, "MutatingWebhookConfiguration");
        Assert.Equal(4, webhook["webhooks"]!.AsArray().Count);
        Assert.All(webhook["webhooks"]!.AsArray(), w =>
        {
            Assert.Equal("IfNeeded", (string?)w!["reinvocationPolicy"]);
            Assert.Equal(5, (long?)w["timeoutSeconds"]);
            Assert.Equal("mesh", (string?)w["clientConfig"]!["service"]!["namespace"]);
        });
        Assert.Equal(4, (long?)YamlTestReader.Single(docs, "Deployment")["spec"]!["replicas"]);
        Assert.Contains(docs, d => (string?)d["kind"] == "ServiceMonitor");
    }

    [Fact]
    public async Task ConfigFileIsInstalled()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "revision: canary\nhub: example.io/istio\n");
            var (code, output, _) = await Run("manifest", "--revision", "canary", "--config", file);
            Assert.Equal(0, code);
            Assert.Contains("hub: example.io/istio", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("manifest")]
    [InlineData("manifest --revision r --certs vault")]
    [InlineData("manifest --revision r --replicas many")]
    [InlineData("manifest --revision UPPER")]
    [InlineData("manifest --revision r --timeout-seconds 0")]
    [InlineData("manifest --revision r --config /nonexistent/file.yaml")]
    public async Task BadInputExitsNonZeroWithAMessageAndNoYaml(string commandLine)
    {
        var (code, output, error) = await Run(commandLine.Split(' '));
        Assert.NotEqual(0, code);
        Assert.DoesNotContain("kind:", output);
        Assert.False(string.IsNullOrWhiteSpace(error + output));
    }
}
