using System.Text.Json.Nodes;
using Injector.Tests.Fakes;

namespace Injector.Tests.Operations;

/// <summary>
/// <c>migrate --restart --verify</c> end to end: the fake API server plays the rollout (<see cref="FakeRolloutController"/>);
/// a pass leaves the namespace on the new revision, every failure puts its labels back and says which workload and why.
/// </summary>
public sealed class MigrateVerifyTests : IAsyncLifetime
{
    private FakeKubeApiServer _server = null!;
    private FakeRolloutController _controller = null!;

    public async Task InitializeAsync()
    {
        _server = await CanaryCluster.StartAsync();
        CanaryCluster.Namespace(_server, "orders", """{"istio-injection":"enabled"}""");
        FakeRolloutController.AddDeployment(_server, "orders", "api", podRevision: "1-22");
        _controller = new FakeRolloutController(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<(int Exit, string Out, string Err)> Migrate(params string[] extra) =>
        CliRunner.RunAsync(["migrate", "-n", "orders", "--to", "asm-1233-2", "--restart", "--verify", "--poll-interval", "20ms",
            .. extra, "--kubeconfig", _server.KubeconfigPath]);

    private JsonNode Labels() => _server.Get("/api/v1/namespaces/orders")!["metadata"]!["labels"]!;

    [Fact]
    public async Task PassesWhenEveryNewPodCarriesTheNewRevision()
    {
        var (exit, output, error) = await Migrate("--timeout", "10s");

        Assert.True(exit == 0, error);
        Assert.Equal("", error);
        Assert.Equal(
            ["namespace/orders: label istio-injection removed (was enabled)",
             "namespace/orders: label istio.io/rev=asm-1233-2 added",
             """namespace/orders: annotation injector.io/previous-injection-labels={"istio-injection":"enabled"} set""",
             "deployment.apps/api restarted",
             "verifying the rollout of 1 workload(s) onto revision asm-1233-2 (timeout 10s)",
             "deployment.apps/api: rolled out, 1 pod(s) on revision asm-1233-2",
             "namespace/orders verified on revision asm-1233-2"],
            Lines(output));
        Assert.Equal("asm-1233-2", (string?)Labels()["istio.io/rev"]);
    }

    [Fact]
    public async Task APodWithoutTheNewSidecarRollsTheNamespaceBack()
    {
        // The new revision's webhook does not fire (say, a broken tag): new pods come up without a sidecar.
        var calls = 0;
        _controller.InjectedRevision = _ => calls++ == 0 ? null : "1-22";

        var (exit, output, error) = await Migrate("--timeout", "10s");

        Assert.Equal(1, exit);
        Assert.Equal("error: verify failed: deployment.apps/api: pod api-new-1 has no sidecar (no sidecar.istio.io/status annotation); "
            + "namespace orders rolled back to its previous labels and its workloads restarted\n", error);
        Assert.Contains("namespace/orders: label istio-injection=enabled added", output);
        Assert.Contains("namespace/orders: label istio.io/rev removed (was asm-1233-2)", output);
        Assert.Equal("""{"istio-injection":"enabled"}""", Labels().ToJsonString());
        Assert.Equal(["orders/api", "orders/api"], _controller.Rollouts); // restarted again onto the old revision
    }

    [Fact]
    public async Task APodOnTheOldRevisionFailsTheCheck()
    {
        _controller.InjectedRevision = _ => "1-22";
        var (exit, _, error) = await Migrate("--timeout", "10s");
        Assert.Equal(1, exit);
        Assert.Contains("deployment.apps/api: pod api-new-1 was injected by revision 1-22, not asm-1233-2", error);
        Assert.Equal("enabled", (string?)Labels()["istio-injection"]);
    }

    [Fact]
    public async Task ARolloutThatNeverCompletesTimesOutAndRollsBack()
    {
        _controller.Completes = false;

        var (exit, _, error) = await Migrate("--timeout", "300ms");

        Assert.Equal(1, exit);
        Assert.StartsWith("error: verify failed: deployment.apps/api: not rolled out after 300ms (waiting for the deployment's new template to be observed); "
            + "namespace orders rolled back", error);
        Assert.Equal("enabled", (string?)Labels()["istio-injection"]);
        Assert.Null(Labels()["istio.io/rev"]);
    }

    [Fact]
    public async Task ARefusedRestartPutsTheLabelsBack()
    {
        _server.Forbid = (method, path) => method == "PATCH" && path.Contains("/deployments/", StringComparison.Ordinal);

        var (exit, _, error) = await CliRunner.RunAsync("migrate", "-n", "orders", "--to", "asm-1233-2", "--restart", "--kubeconfig", _server.KubeconfigPath);

        Assert.Equal(1, exit);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error: restart failed: PATCH /apis/apps/v1/namespaces/orders/deployments/api: 403 forbidden", error);
        Assert.Contains("namespace orders rolled back to its previous labels", error);
        Assert.Equal("""{"istio-injection":"enabled"}""", Labels().ToJsonString());
    }

    [Theory]
    [InlineData(new[] { "migrate", "-n", "orders", "--to", "asm-1233-2", "--verify" }, "error: --verify needs --restart")]
    [InlineData(new[] { "migrate", "-n", "orders", "--to", "asm-1233-2", "--restart", "--verify", "--dry-run" }, "error: --verify cannot be combined with --dry-run")]
    [InlineData(new[] { "migrate", "-n", "orders", "--to", "asm-1233-2", "--restart", "--verify", "--timeout", "soon" }, "error: --timeout 'soon' is not a positive duration")]
    public async Task BadFlagsAreBadUsageAndChangeNothing(string[] args, string expected)
    {
        var (exit, _, error) = await CliRunner.RunAsync([.. args, "--kubeconfig", _server.KubeconfigPath]);
        Assert.Equal(2, exit);
        Assert.StartsWith(expected, error);
        Assert.Empty(_server.Writes);
    }

    [Theory]
    [InlineData("nope", "error: no webhook configuration for revision or tag \"nope\"")]
    public async Task UnknownRevisionAndMissingNamespaceAreOneLineEach(string target, string expected)
    {
        var (exit, _, error) = await CliRunner.RunAsync("migrate", "-n", "orders", "--to", target, "--restart", "--verify", "--kubeconfig", _server.KubeconfigPath);
        Assert.Equal(1, exit);
        Assert.StartsWith(expected, error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));

        (exit, _, error) = await CliRunner.RunAsync("migrate", "-n", "ghost", "--to", "asm-1233-2", "--restart", "--verify", "--kubeconfig", _server.KubeconfigPath);
        Assert.Equal(1, exit);
        Assert.Equal("error: namespace ghost not found\n", error);
        Assert.Empty(_server.Writes);
    }

    [Fact]
    public async Task RbacDenialOfTheRelabelIsOneLineAndChangesNothing()
    {
        _server.Forbid = (method, path) => method == "PATCH" && path == "/api/v1/namespaces/orders";
        var (exit, _, error) = await Migrate("--timeout", "1s");
        Assert.Equal(1, exit);
        Assert.Equal("error: PATCH /api/v1/namespaces/orders: 403 forbidden: User \"tester\" cannot patch /api/v1/namespaces/orders\n", error);
        Assert.Equal("enabled", (string?)Labels()["istio-injection"]);
        Assert.Empty(_controller.Rollouts);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
