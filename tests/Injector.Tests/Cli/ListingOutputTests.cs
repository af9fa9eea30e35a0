using System.Text.Json.Nodes;
using Injector.Tests.Diff;
using Injector.Tests.Fakes;
using Injector.Tests.Operations;
using Injector.Tests.Revisions;

namespace Injector.Tests.Cli;

/// <summary>
/// Every listing command, run for real: <c>-o json</c> prints one JSON document, <c>-o yaml</c> the same document as
/// YAML, and the default table is for people (not JSON). The list of listing commands is the one
/// <see cref="CliConventionTests"/> checks against the command tree.
/// </summary>
public sealed class ListingOutputTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await CanaryCluster.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    public static TheoryData<string> Listings()
    {
        var data = new TheoryData<string>();
        foreach (var verb in CliConventionTests.ListingVerbs) data.Add(verb);
        return data;
    }

    /// <summary>A command line that lists something for <paramref name="verb"/> (the cluster ones against the fake API server).</summary>
    private string[] CommandLine(string verb)
    {
        string[] cluster = ["--kubeconfig", _server.KubeconfigPath];
        switch (verb)
        {
            case "tag list": return ["tag", "list", .. cluster];
            case "revision list": return ["revision", "list", .. cluster];
            case "check-inject": return ["check-inject", "-n", "app", "web-1", .. cluster];
            case "diff":
                var (config, file) = DiffCommandTests.Inputs(_dir);
                return ["diff", "--from", "old", "--to", "new", "--config", config, "-f", file];
            default: throw new ArgumentException("no command line for listing verb " + verb, nameof(verb));
        }
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task Json_and_yaml_print_the_same_document_and_the_table_is_not_json(string verb)
    {
        var args = CommandLine(verb);

        var (exit, json, error) = await CliRunner.RunAsync([.. args, "-o", "json"]);
        Assert.True(exit == 0, verb + ": " + error);
        var document = JsonNode.Parse(json);
        Assert.NotNull(document);

        (exit, var yaml, error) = await CliRunner.RunAsync([.. args, "--output", "yaml"]);
        Assert.True(exit == 0, verb + ": " + error);
        var fromYaml = Assert.Single(Injector.Workloads.ManifestYamlReader.ReadDocuments(yaml));
        Assert.Equal(document!.ToJsonString(), fromYaml.ToJsonString());

        (exit, var table, error) = await CliRunner.RunAsync(args);
        Assert.True(exit == 0, verb + ": " + error);
        Assert.NotEqual("", table.Trim());
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => JsonNode.Parse(table));
    }
}
