using System.CommandLine;
using Injector.Cli;
using Injector.Cli.Shared;
using Injector.Tests.Operations;

namespace Injector.Tests.Cli;

/// <summary>
/// Issue 13's convention at the edges: every verb's errors go through the one root handler (one <c>error: ...</c> line,
/// exit 1 for a failure, 2 for bad usage or input) and every listing command takes <c>-o table|json|yaml</c>.
/// </summary>
public sealed class CliConventionTests : IDisposable
{
    // A kubeconfig whose server refuses connections: every online verb fails the same way.
    private readonly string _unreachable = Path.GetTempFileName();

    public CliConventionTests() => File.WriteAllText(_unreachable, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """);

    public void Dispose() => File.Delete(_unreachable);

    /// <summary>Every leaf command of the tree, as its words (<c>tag set</c>).</summary>
    public static TheoryData<string> Verbs()
    {
        var data = new TheoryData<string>();
        foreach (var path in Leaves(CliRoot.Build(), [])) data.Add(path);
        return data;
    }

    [Fact]
    public void TheVerbsAreTheOnesDocumented()
    {
        Assert.Equal(["check-inject", "diff", "kube-inject", "manifest", "migrate", "revision list", "rollback", "serve",
                      "tag generate", "tag list", "tag remove", "tag set"],
            Leaves(CliRoot.Build(), []).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task AnUnknownOptionIsBadUsage(string verb)
    {
        // A verb with a positional argument gets one, so the unknown option is not taken for it.
        string[] argument = Find(CliRoot.Build(), verb).Arguments.Count > 0 ? ["x"] : [];
        var (exit, output, error) = await CliRunner.RunAsync([.. verb.Split(' '), .. argument, "--no-such-option"]);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var lines = error.TrimEnd('\n').Split('\n');
        Assert.All(lines[..^1], l => Assert.StartsWith("error: ", l));
        Assert.Contains(lines, l => l.Contains("--no-such-option", StringComparison.Ordinal));
        Assert.Equal("Run 'injector " + verb + " --help' for usage.", lines[^1]);
    }

    /// <summary>One failure per verb, each reaching the verb's own code; the handler prints it the same way for all.</summary>
    public static TheoryData<string, int, string> Failures => new()
    {
        { "serve --port 9000 --monitoring-port 9000", 2, "error: --port and --monitoring-port must differ" },
        { "serve --config /nonexistent/r.yaml", 1, "error: revision config '/nonexistent/r.yaml' does not exist" },
        { "kube-inject -f /nonexistent/in.yaml", 2, "error: /nonexistent/in.yaml: no such file" },
        { "manifest --revision UPPER", 2, "error: --revision 'UPPER' must be a DNS label" },
        { "manifest --revision r --config /nonexistent/r.yaml", 2, "error: --config /nonexistent/r.yaml: no such file" },
        { "tag generate Bad! --revision r", 2, "error: tag 'Bad!' must be a DNS label" },
        { "tag set prod --revision r KUBECONFIG", 1, "error: cannot reach the Kubernetes API server" },
        { "tag list KUBECONFIG", 1, "error: cannot reach the Kubernetes API server" },
        { "tag remove prod KUBECONFIG", 1, "error: cannot reach the Kubernetes API server" },
        { "check-inject --webhooks /nonexistent/w.yaml", 2, "error: webhooks file not found: /nonexistent/w.yaml" },
        { "check-inject -l novalue KUBECONFIG", 2, "error: label \"novalue\" is not key=value" },
        { "revision list KUBECONFIG", 1, "error: cannot reach the Kubernetes API server" },
        { "migrate -n app --to r --verify KUBECONFIG", 2, "error: --verify needs --restart" },
        { "migrate -n app --to r KUBECONFIG", 1, "error: cannot reach the Kubernetes API server" },
        { "rollback -n app KUBECONFIG", 1, "error: cannot reach the Kubernetes API server" },
        { "diff --from a --to b", 2, "error: give -n NAMESPACE (live workloads) or -f FILE" },
        { "diff --from a --to b -n app KUBECONFIG", 1, "error: cannot reach the Kubernetes API server" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task EveryVerbsFailureIsOneErrorLineWithItsExitCode(string commandLine, int exitCode, string expected)
    {
        var args = commandLine.Split(' ').SelectMany(a => a == "KUBECONFIG" ? ["--kubeconfig", _unreachable] : new[] { a }).ToArray();
        var (exit, _, error) = await CliRunner.RunAsync(args);
        Assert.Equal(exitCode, exit);
        Assert.StartsWith(expected, error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task SeveralBadFlagsAreOneLineEach()
    {
        var (exit, output, error) = await CliRunner.RunAsync("manifest", "--revision", "UPPER", "--replicas", "0", "--timeout-seconds", "99");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal(3, error.TrimEnd('\n').Split('\n').Length);
        Assert.All(error.TrimEnd('\n').Split('\n'), l => Assert.StartsWith("error: --", l));
    }

    /// <summary>The verbs that list things (rows of tags, revisions, webhook decisions, workload differences).</summary>
    internal static readonly string[] ListingVerbs = ["check-inject", "diff", "revision list", "tag list"];

    /// <summary>The verbs that do not list, and what they print instead.</summary>
    private static readonly Dictionary<string, string> NotListings = new()
    {
        ["kube-inject"] = "the workload YAML it was given, injected (as istioctl kube-inject)",
        ["manifest"] = "Kubernetes objects to apply, as YAML",
        ["tag generate"] = "one webhook configuration to apply, as YAML",
        ["migrate"] = "one line per change it makes",
        ["rollback"] = "one line per change it makes",
        ["tag set"] = "nothing but the change it makes",
        ["tag remove"] = "nothing but the change it makes",
        ["serve"] = "logs: it is the server",
    };

    [Fact]
    public void EveryVerbIsEitherAListingOrSaysWhatItPrints()
    {
        var verbs = Leaves(CliRoot.Build(), []).Order(StringComparer.Ordinal);
        Assert.Equal(verbs, ListingVerbs.Concat(NotListings.Keys).Order(StringComparer.Ordinal));
        var root = CliRoot.Build();
        foreach (var verb in NotListings.Keys)
        {
            Assert.DoesNotContain(Find(root, verb).Options, o => o is Option<OutputFormat>);
        }
    }

    [Fact]
    public void TheFailureTableReachesEveryVerb()
    {
        // A new verb must add its failure to Failures, so the handler's one format is checked for it too.
        var covered = Failures.Select(row => (string)row[0]).Select(line => VerbOf(line)).ToHashSet();
        Assert.Equal(Leaves(CliRoot.Build(), []).Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }

    private static string VerbOf(string commandLine)
    {
        var words = commandLine.Split(' ');
        return CliRoot.Build().Subcommands.Single(c => c.Name == words[0]).Subcommands.Count > 0 ? words[0] + " " + words[1] : words[0];
    }

    [Fact]
    public void EveryListingCommandTakesOutputTableJsonYaml()
    {
        var root = CliRoot.Build();
        foreach (var verb in ListingVerbs)
        {
            var command = Find(root, verb);
            var option = Assert.Single(command.Options, o => o.Name == "--output");
            Assert.IsType<Option<OutputFormat>>(option);
            Assert.Contains("-o", option.Aliases);
            foreach (var (text, format) in new[] { ("table", OutputFormat.Table), ("json", OutputFormat.Json), ("yaml", OutputFormat.Yaml) })
            {
                var parse = root.Parse([.. verb.Split(' '), "-o", text]);
                Assert.Equal(format, parse.GetValue((Option<OutputFormat>)option));
            }
        }
    }

    private static IEnumerable<string> Leaves(Command command, List<string> path)
    {
        foreach (var sub in command.Subcommands)
        {
            List<string> next = [.. path, sub.Name];
            if (sub.Subcommands.Count == 0) yield return string.Join(" ", next);
            else foreach (var leaf in Leaves(sub, next)) yield return leaf;
        }
    }

    private static Command Find(Command root, string verb)
    {
        var command = root;
        foreach (var word in verb.Split(' ')) command = command.Subcommands.Single(c => c.Name == word);
        return command;
    }
}
