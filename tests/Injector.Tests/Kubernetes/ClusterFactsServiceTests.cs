using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Injector.Istio.Install;
using Injector.Kubernetes;
using Injector.Kubernetes.ClusterFacts;
using Injector.Revisions;
using Injector.Telemetry;
using Injector.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace Injector.Tests.Kubernetes;

/// <summary>
/// <see cref="ClusterFactsService"/> against the fake API server: which watches run for which revisions, the
/// snapshots they publish (list, then watch events; a watch that ends is resumed, an expired one lists again), and
/// that a failing or missing API server never throws and is logged once per change of state.
/// </summary>
public sealed class ClusterFactsServiceTests
{
    private static readonly Lazy<RevisionTable> Auto = new(() => RevisionLoader.LoadTexts(InstallInputs.FromOperator([], []), null));
    private static readonly Lazy<RevisionTable> OpenShift = new(() =>
        RevisionLoader.LoadTexts(InstallInputs.FromOperator([], ["values.global.platform=openshift", "values.pilot.env.ENABLE_NATIVE_SIDECARS=true"]), null));

    [Fact]
    public async Task NodesAreListedThenFollowed()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        api.Add(Node("a", "v1.33.0"));
        api.Add(Node("b", "v1.32.1"));
        var (service, cache, logger) = Create(api, Auto.Value);
        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.False(cache.NativeSidecarsSupported(""));
            Assert.True(cache.NativeSidecarsSupported("a"));
            Assert.False(cache.NativeSidecarsSupported("b"));
            Assert.False(cache.KnowsNamespaces);

            // The old node leaves: every node is 1.33+ now.
            api.Remove("/api/v1/nodes/b");
            await Until(() => cache.NativeSidecarsSupported("") == true);
            // A node added later flips it back, and its upgrade flips it again.
            api.Add(Node("c", "v1.31.0"));
            await Until(() => cache.NativeSidecarsSupported("") == false);
            api.Add(Node("c", "v1.33.2"));
            await Until(() => cache.NativeSidecarsSupported("") == true);

            // A watch the server ends is resumed from where it was.
            api.CloseWatches();
            await Until(() => api.OpenWatches == 1);
            api.Add(Node("d", "v1.30.0"));
            await Until(() => cache.NativeSidecarsSupported("") == false);

            // An expired resourceVersion (410) lists again.
            api.CompactEvents();
            api.Remove("/api/v1/nodes/d");
            api.CompactEvents();
            api.CloseWatches();
            await Until(() => cache.NativeSidecarsSupported("") == true);
            Assert.Contains(api.RequestLines, l => l.StartsWith("GET /api/v1/nodes", StringComparison.Ordinal));
            Assert.All(api.Requests, r => Assert.Equal("GET", r.Method));
            Assert.DoesNotContain(logger.Events, e => e.Id == LogEventIds.ClusterFactsWatchFailed);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task OpenShiftRevisionsWatchNamespacesOnly()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        api.Add(Namespace("shop", "1000620000/10000"));
        var (service, cache, _) = Create(api, OpenShift.Value);
        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(cache.KnowsNamespaces);
            Assert.False(cache.KnowsNodes);
            Assert.Equal("1000620000/10000", cache.Namespace("shop")!.Annotations["openshift.io/sa.scc.uid-range"]);
            Assert.Null(cache.Namespace("other"));
            api.Add(Namespace("other", "2000/10"));
            await Until(() => cache.Namespace("other") is not null);
            Assert.DoesNotContain(api.RequestLines, l => l.Contains("/nodes", StringComparison.Ordinal));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task WatchesFollowTheRevisionTable()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        api.Add(Node("a", "v1.32.0"));
        var store = new RevisionStore(RevisionLoader.Load(null, null));
        var (service, cache, logger) = Create(api, store);
        await service.StartAsync(CancellationToken.None);
        try
        {
            // The embedded default states its mode: nothing is watched, no call is made.
            Assert.False(cache.KnowsNodes);
            Assert.Empty(api.Requests);
            store.Publish(Auto.Value);
            service.Reconcile();
            await Until(() => cache.KnowsNodes);
            Assert.False(cache.NativeSidecarsSupported(""));
            store.Publish(RevisionLoader.Load(null, null));
            service.Reconcile();
            Assert.False(cache.KnowsNodes);
            Assert.Contains(logger.Events, e => e.Id == LogEventIds.ClusterFactsStopped);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AnUnreachableApiServerIsRetriedAndLoggedOnce()
    {
        var api = await FakeKubeApiServer.StartAsync();
        var connection = new KubeApiConnection(api.KubeconfigPath);
        var kubeApi = connection.Api;
        await api.DisposeAsync(); // nothing listens there any more
        var cache = new ClusterFactsCache();
        var logger = new CapturingLogger<ClusterFactsService>();
        var service = new ClusterFactsService(new RevisionStore(Auto.Value), cache, () => kubeApi, logger) { StartupWait = TimeSpan.FromSeconds(5) };
        var started = DateTime.UtcNow;
        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "the start does not wait out a refused connection");
            await Task.Delay(TimeSpan.FromSeconds(3.5)); // backoff 1 s, 2 s: three attempts
            Assert.Null(cache.NativeSidecarsSupported(""));
            Assert.Single(logger.Events, e => e.Id == LogEventIds.ClusterFactsWatchFailed);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task ARefusedWatchKeepsTheLastSnapshotAndRecovers()
    {
        await using var api = await FakeKubeApiServer.StartAsync();
        api.Add(Node("a", "v1.33.0"));
        var (service, cache, logger) = Create(api, Auto.Value);
        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(cache.NativeSidecarsSupported(""));
            api.Forbid = (_, path) => path.StartsWith("/api/v1/nodes", StringComparison.Ordinal);
            // Closed until the failure shows: a watch whose request passed the Forbid check just before it was set
            // takes the new close token and would stay open (seen once in CI).
            await Until(() =>
            {
                api.CloseWatches();
                return logger.Events.Any(e => e.Id == LogEventIds.ClusterFactsWatchFailed);
            });
            Assert.True(cache.NativeSidecarsSupported(""));   // the last known state stays
            api.Forbid = null;
            api.Add(Node("b", "v1.29.0"));
            await Until(() => cache.NativeSidecarsSupported("") == false);
            Assert.Single(logger.Events, e => e.Id == LogEventIds.ClusterFactsWatchFailed);
            Assert.Equal(2, logger.Events.Count(e => e.Id == LogEventIds.ClusterFactsWatchSynced));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task WithoutAnyKubeconfigItSaysSoOnce()
    {
        var cache = new ClusterFactsCache();
        var logger = new CapturingLogger<ClusterFactsService>();
        var service = new ClusterFactsService(new RevisionStore(Auto.Value), cache,
            () => throw new k8s.Exceptions.KubeConfigException("kubeconfig file not found"), logger);
        await service.StartAsync(CancellationToken.None);
        service.Reconcile();
        service.Reconcile();
        await service.StopAsync(CancellationToken.None);
        Assert.Null(cache.NativeSidecarsSupported(""));
        Assert.Single(logger.Events, e => e.Id == LogEventIds.ClusterFactsUnavailable);
    }

    private static (ClusterFactsService, ClusterFactsCache, CapturingLogger<ClusterFactsService>) Create(FakeKubeApiServer api, RevisionTable table) =>
        Create(api, new RevisionStore(table));

    private static (ClusterFactsService, ClusterFactsCache, CapturingLogger<ClusterFactsService>) Create(FakeKubeApiServer api, RevisionStore store)
    {
        var cache = new ClusterFactsCache();
        var logger = new CapturingLogger<ClusterFactsService>();
        var connection = new KubeApiConnection(api.KubeconfigPath);
        return (new ClusterFactsService(store, cache, () => connection.Api, logger), cache, logger);
    }

    internal static JsonObject Node(string name, string kubelet) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["status"] = new JsonObject { ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = kubelet, ["osImage"] = "Linux" } },
    };

    internal static JsonObject Namespace(string name, string uidRange) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["annotations"] = new JsonObject { ["openshift.io/sa.scc.uid-range"] = uidRange, ["unrelated"] = "x" },
        },
    };

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException("condition not met within 20 s");
            await Task.Delay(50);
        }
    }

    internal sealed class CapturingLogger<T> : ILogger<T>
    {
        private readonly ConcurrentQueue<(int Id, string Message)> _events = new();
        public IReadOnlyList<(int Id, string Message)> Events => [.. _events];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _events.Enqueue((eventId.Id, formatter(state, exception)));
    }
}
