using System.Text.Json.Nodes;

namespace Injector.Tests.Operations;

public sealed class OfflineCheckInjectTests
{
    [Fact]
    public async Task OfflineReadsWebhooksFromAFile()
    {
        var (exit, output, error) = await CliRunner.RunAsync("check-inject", "--webhooks", OperationsTestData.PathOf("webhooks-deactivated-default.yaml"),
            "--namespace-labels", "istio.io/rev=1-22", "--pod-labels", "app=web", "-o", "json");

        Assert.True(exit == 0, error);
        var decisions = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(6, decisions.Count);
        var injecting = Assert.Single(decisions, d => (bool)d!["injected"]!)!;
        Assert.Equal("injector-1-22", (string?)injecting["configuration"]);
        Assert.Equal("namespace label istio.io/rev=1-22", (string?)injecting["reason"]);
    }

    [Fact]
    public async Task OfflineConflictFails()
    {
        var (exit, _, error) = await CliRunner.RunAsync("check-inject", "--webhooks", OperationsTestData.PathOf("webhooks-conflict.yaml"),
            "--namespace-labels", "istio-injection=enabled");
        Assert.Equal(1, exit);
        Assert.StartsWith("error: [IST0139]", error);
    }

    [Theory]
    [InlineData("--namespace-labels", "novalue", "label \"novalue\" is not key=value")]
    [InlineData("--webhooks", "/nonexistent/file.yaml", "/nonexistent/file.yaml")]
    public async Task BadInputIsAClearError(string option, string value, string expected)
    {
        string[] args = option == "--webhooks"
            ? ["check-inject", "--webhooks", value]
            : ["check-inject", "--webhooks", OperationsTestData.PathOf("webhooks-canary.yaml"), option, value];
        var (exit, _, error) = await CliRunner.RunAsync(args);
        Assert.Equal(2, exit); // bad input
        Assert.StartsWith("error: ", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task InvalidYamlIsAClearError()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "kind: [unclosed\n");
        try
        {
            var (exit, _, error) = await CliRunner.RunAsync("check-inject", "--webhooks", file);
            Assert.Equal(2, exit);
            Assert.StartsWith("error: invalid YAML at line", error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
