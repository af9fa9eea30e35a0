using System.Text.Json.Nodes;
using Injector.Operations.Migration;
using Injector.Tests.Fakes;

namespace Injector.Tests.Operations;

/// <summary>The operations commands end to end: real parser, real HTTP to a fake API server through a kubeconfig.</summary>
public sealed class OnlineCommandTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await CanaryCluster.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<(int Exit, string Out, string Err)> Run(params string[] args) =>
        CliRunner.RunAsync([.. args, "--kubeconfig", _server.KubeconfigPath]);

    [Fact]
    public async Task CheckInjectExistingPodShowsTheDefaultRevision()
    {
        var (exit, output, error) = await Run("check-inject", "-n", "app", "web-1");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("WEBHOOK", lines[0]);
        Assert.Equal(11, lines.Length); // header + 10 webhooks; other-webhook is not an injector
        var injected = Assert.Single(lines, l => l.Contains(" yes "));
        Assert.Contains("injector-revision-tag-default/namespace.sidecar-injector.istio.io", injected);
        Assert.Contains("1-22 (tag default)", injected);
        Assert.EndsWith("namespace has istio-injection=enabled", injected.TrimEnd());
    }

    [Fact]
    public async Task CheckInjectJsonForHypotheticalPodLabels()
    {
        var (exit, output, _) = await Run("check-inject", "-n", "plain", "-l", "istio.io/rev=asm-1233-2", "-o", "json");

        Assert.Equal(0, exit);
        var decisions = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(10, decisions.Count);
        var injecting = Assert.Single(decisions, d => (bool)d!["injected"]!)!;
        Assert.Equal("rev.object.sidecar-injector.istio.io", (string?)injecting["webhook"]);
        Assert.Equal("injector-asm-1233-2", (string?)injecting["configuration"]);
        Assert.Equal("asm-1233-2", (string?)injecting["revision"]);
        Assert.Equal("pod label istio.io/rev=asm-1233-2", (string?)injecting["reason"]);
    }

    [Fact]
    public async Task CheckInjectConflictExitsNonZero()
    {
        _server.Add("""{"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration","metadata":{"name":"istio-sidecar-injector","labels":{"app":"sidecar-injector"}},"webhooks":[{"name":"namespace.sidecar-injector.istio.io","clientConfig":{"service":{"name":"istiod","namespace":"istio-system"}},"rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}],"namespaceSelector":{"matchLabels":{"istio-injection":"enabled"}}}]}""");

        var (exit, output, error) = await Run("check-inject", "-n", "app", "web-1");

        Assert.Equal(1, exit);
        Assert.StartsWith("WEBHOOK", output); // the report is printed, then the failure
        Assert.StartsWith("error: [IST0139] the pod is selected by more than one injecting webhook", error);
    }

    [Fact]
    public async Task CheckInjectMissingPodIsAClearError()
    {
        var (exit, _, error) = await Run("check-inject", "-n", "app", "nope");
        Assert.Equal(1, exit);
        Assert.Equal("error: pod app/nope not found", error.Trim());
    }

    [Fact]
    public async Task RevisionListIsTheCensus()
    {
        var (exit, output, _) = await Run("revision", "list", "-o", "json");

        Assert.Equal(0, exit);
        var rows = JsonNode.Parse(output)!["revisions"]!.AsArray().ToDictionary(r => (string)r!["revision"]!);
        Assert.Equal(["1-20", "1-22", "asm-1233-2"], rows.Keys);
        Assert.Equal("""{"revision":"1-22","tags":["default"],"webhook":true,"ready":true,"pods":1,"namespaces":["app"]}""", rows["1-22"]!.ToJsonString());
        Assert.Equal("""{"revision":"asm-1233-2","tags":["prod"],"webhook":true,"ready":true,"pods":1,"namespaces":["shop"]}""", rows["asm-1233-2"]!.ToJsonString());
        Assert.Equal("""{"revision":"1-20","tags":[],"webhook":false,"ready":false,"pods":1,"namespaces":[]}""", rows["1-20"]!.ToJsonString());

        var (_, table, _) = await Run("revision", "list");
        Assert.Matches(@"(?m)^1-22\s+default\s+yes\s+yes\s+1\s+app\s*$", table);
    }

    [Fact]
    public async Task MigrateWithRestartRelabelsAndRollsWorkloads()
    {
        var (exit, output, error) = await Run("migrate", "--namespace", "app", "--to", "asm-1233-2", "--restart");

        Assert.True(exit == 0, error);
        Assert.Equal(
            ["namespace/app: label istio-injection removed (was enabled)",
             "namespace/app: label istio.io/rev=asm-1233-2 added",
             """namespace/app: annotation injector.io/previous-injection-labels={"istio-injection":"enabled"} set""",
             "deployment.apps/web restarted", "statefulset.apps/db restarted", "daemonset.apps/agent restarted"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var labels = _server.Get("/api/v1/namespaces/app")!["metadata"]!["labels"]!;
        Assert.Equal("""{"team":"a","istio.io/rev":"asm-1233-2"}""", labels.ToJsonString());
        foreach (var path in new[] { "/apis/apps/v1/namespaces/app/deployments/web", "/apis/apps/v1/namespaces/app/statefulsets/db", "/apis/apps/v1/namespaces/app/daemonsets/agent" })
        {
            var restartedAt = (string)_server.Get(path)!["spec"]!["template"]!["metadata"]!["annotations"]![WorkloadRestart.RestartedAtAnnotation]!;
            Assert.True(DateTimeOffset.TryParseExact(restartedAt, "yyyy-MM-dd'T'HH:mm:ss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal, out _), restartedAt);
        }
        Assert.All(_server.Writes.Where(w => w.PathAndQuery.StartsWith("/apis/apps/")), w => Assert.Equal("application/strategic-merge-patch+json", w.ContentType?.Split(';')[0]));

        var (rollbackExit, rollbackOutput, _) = await Run("rollback", "--namespace", "app");
        Assert.Equal(0, rollbackExit);
        Assert.Contains("namespace/app: label istio-injection=enabled added", rollbackOutput);
        Assert.Contains("namespace/app: label istio.io/rev removed (was asm-1233-2)", rollbackOutput);
        var restored = _server.Get("/api/v1/namespaces/app")!["metadata"]!;
        Assert.Equal("""{"team":"a","istio-injection":"enabled"}""", restored["labels"]!.ToJsonString());
        Assert.Equal("{}", restored["annotations"]!.ToJsonString());
    }

    [Fact]
    public async Task MigrateToATagWorks()
    {
        var (exit, output, _) = await Run("migrate", "-n", "plain", "--to", "prod");
        Assert.Equal(0, exit);
        Assert.Contains("namespace/plain: label istio.io/rev=prod added", output);
        Assert.Equal("prod", (string?)_server.Get("/api/v1/namespaces/plain")!["metadata"]!["labels"]!["istio.io/rev"]);
    }

    [Fact]
    public async Task DryRunPrintsTheSameAndWritesNothing()
    {
        var (exit, output, _) = await Run("migrate", "-n", "app", "--to", "asm-1233-2", "--restart", "--dry-run");

        Assert.Equal(0, exit);
        Assert.All(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.StartsWith("(dry run) ", l));
        Assert.Contains("(dry run) deployment.apps/web restarted", output);
        Assert.Empty(_server.Writes);
    }

    [Fact]
    public async Task MigrateRefusesUnknownRevision()
    {
        var (exit, _, error) = await Run("migrate", "-n", "app", "--to", "asm-9999");
        Assert.Equal(1, exit);
        Assert.Contains("no webhook configuration for revision or tag \"asm-9999\"", error);
        Assert.Empty(_server.Writes);
    }

    [Fact]
    public async Task MigrateRefusesAnUnreadyInjector()
    {
        await using var server = await CanaryCluster.StartAsync(canaryReady: false);
        var (exit, _, error) = await CliRunner.RunAsync("migrate", "-n", "app", "--to", "asm-1233-2", "--kubeconfig", server.KubeconfigPath);

        Assert.Equal(1, exit);
        Assert.Contains("the injector for revision asm-1233-2 is not ready", error);
        Assert.Empty(server.Writes);
    }

    [Fact]
    public async Task RollbackWithoutMigrateIsRefused()
    {
        var (exit, _, error) = await Run("rollback", "-n", "shop");
        Assert.Equal(1, exit);
        Assert.Contains("nothing to roll back", error);
        Assert.Empty(_server.Writes);
    }

    [Fact]
    public async Task UnreachableServerIsAClearError()
    {
        var kubeconfig = Path.GetTempFileName();
        await File.WriteAllTextAsync(kubeconfig, File.ReadAllText(_server.KubeconfigPath).Replace(_server.BaseUrl, "http://127.0.0.1:1"));
        try
        {
            var (exit, _, error) = await CliRunner.RunAsync("revision", "list", "--kubeconfig", kubeconfig);
            Assert.Equal(1, exit);
            Assert.StartsWith("error: cannot reach the Kubernetes API server", error);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }
}
