using System.Collections.Immutable;
using System.Text.Json;
using Injector.Rendering;
using Injector.Revisions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Injector.Kubernetes.ClusterFacts;

/// <summary>
/// <c>serve</c>'s informers: watches the nodes while some served revision has <c>ENABLE_NATIVE_SIDECARS</c> auto,
/// and the namespaces while some served revision runs on OpenShift (<c>PLATFORM</c>/<c>global.platform</c>), as
/// istiod's injector does; the answers go to every request through <see cref="ClusterFactsCache"/>. Which watches run
/// follows the revision table (checked every <see cref="CheckInterval"/>, so a reload can start or stop one). Without
/// API access (no kubeconfig, not in a pod) it logs that once and the engine's offline defaults apply. Start-up waits
/// at most <see cref="StartupWait"/> for the first lists, so the first pods see the cluster; a failing API server
/// never blocks or stops serving.
/// </summary>
internal sealed class ClusterFactsService(RevisionStore store, ClusterFactsCache cache, Func<KubeApi> connect, ILogger<ClusterFactsService> logger)
    : BackgroundService
{
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan StartupWait { get; init; } = TimeSpan.FromSeconds(5);

    private sealed record Running(Task Task, CancellationTokenSource Stop, Task FirstAttempt);

    private Running? _nodes;
    private Running? _namespaces;
    private KubeApi? _api;
    private bool _unavailable;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Reconcile();
        var first = new[] { _nodes?.FirstAttempt, _namespaces?.FirstAttempt }.OfType<Task>().ToList();
        if (first.Count > 0)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(Task.WhenAll(first), Task.Delay(StartupWait, wait.Token)).ConfigureAwait(false);
            await wait.CancelAsync().ConfigureAwait(false);
        }
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(CheckInterval);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Reconcile();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await StopAsync(_nodes).ConfigureAwait(false);
            await StopAsync(_namespaces).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the watches the served revisions need and stops the others.</summary>
    internal void Reconcile()
    {
        lock (_reconciling) ReconcileLocked();
    }

    private readonly object _reconciling = new();

    private void ReconcileLocked()
    {
        if (store.Current is not { } table) return;
        bool needNodes = false, needNamespaces = false;
        foreach (var revision in table.Revisions.Values)
        {
            needNodes |= revision.Inputs.NativeSidecarMode is null;
            needNamespaces |= revision.Inputs.IsOpenShift;
        }
        _nodes = Toggle(_nodes, needNodes, "nodes", "native sidecars (ENABLE_NATIVE_SIDECARS auto)", NodeWatch, () => cache.PublishNodes(null));
        _namespaces = Toggle(_namespaces, needNamespaces, "namespaces", "the proxy's UID/GID (PLATFORM openshift)", NamespaceWatch,
            () => cache.PublishNamespaces(null));
    }

    private Running? Toggle<T>(Running? running, bool needed, string resource, string why, Func<KubeApi, CancellationToken, ResourceWatch<T>> create,
        Action forget)
    {
        if (needed == running is not null) return running;
        if (!needed)
        {
            running!.Stop.Cancel();
            forget();
            ClusterFactsLog.Stopped(logger, resource);
            _ = StopAsync(running);
            return null;
        }
        if (Api(resource) is not { } api) return null;
        var stop = new CancellationTokenSource();
        var watch = create(api, stop.Token);
        ClusterFactsLog.Started(logger, resource, why);
        return new Running(Task.Run(() => watch.RunAsync(stop.Token), CancellationToken.None), stop, watch.FirstAttempt);
    }

    private KubeApi? Api(string needed)
    {
        if (_api is not null || _unavailable) return _api;
        try
        {
            _api = connect();
        }
        catch (Exception e)
        {
            // No kubeconfig, not in a pod, an unreadable file: nothing to retry until the process is configured again.
            _unavailable = true;
            ClusterFactsLog.Unavailable(logger, needed, e.Message);
        }
        return _api;
    }

    // A stopped watch publishes nothing more (its last snapshot is forgotten when it stops).
    private ResourceWatch<bool> NodeWatch(KubeApi api, CancellationToken stopped) =>
        new(api, "nodes", ClusterFactsAccess.NodesPath, static node => NativeSidecarSupport.KubeletSupports(KubeletVersion(node)),
            EqualityComparer<bool>.Default, nodes => { if (!stopped.IsCancellationRequested) cache.PublishNodes(nodes); }, logger);

    private ResourceWatch<NamespaceFacts> NamespaceWatch(KubeApi api, CancellationToken stopped) =>
        new(api, "namespaces", ClusterFactsAccess.NamespacesPath, static ns => OpenShiftFacts(ns), OpenShiftFactsComparer.Instance,
            namespaces => { if (!stopped.IsCancellationRequested) cache.PublishNamespaces(namespaces); }, logger);

    private static async Task StopAsync(Running? running)
    {
        if (running is null) return;
        await running.Stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await running.Task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        running.Stop.Dispose();
    }

    private static string? KubeletVersion(JsonElement node) =>
        node.TryGetProperty("status"u8, out var status) && status.ValueKind == JsonValueKind.Object
        && status.TryGetProperty("nodeInfo"u8, out var info) && info.ValueKind == JsonValueKind.Object
        && info.TryGetProperty("kubeletVersion"u8, out var version) && version.ValueKind == JsonValueKind.String ? version.GetString() : null;

    /// <summary>The annotations <c>GetProxyIDs</c> reads, and nothing else of the namespace (labels are not read).</summary>
    internal static readonly string[] OpenShiftAnnotations = ["openshift.io/sa.scc.uid-range", "openshift.io/sa.scc.supplemental-groups"];

    private static readonly IReadOnlyDictionary<string, string> NoLabels = ImmutableDictionary<string, string>.Empty;

    private static NamespaceFacts OpenShiftFacts(JsonElement ns)
    {
        var annotations = ImmutableDictionary<string, string>.Empty;
        if (ns.TryGetProperty("metadata"u8, out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("annotations"u8, out var all) && all.ValueKind == JsonValueKind.Object)
        {
            foreach (var key in OpenShiftAnnotations)
            {
                if (all.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String) annotations = annotations.Add(key, value.GetString()!);
            }
        }
        return new NamespaceFacts(NoLabels, annotations);
    }

    private sealed class OpenShiftFactsComparer : IEqualityComparer<NamespaceFacts>
    {
        public static readonly OpenShiftFactsComparer Instance = new();

        public bool Equals(NamespaceFacts? x, NamespaceFacts? y)
        {
            if (x is null || y is null) return ReferenceEquals(x, y);
            foreach (var key in OpenShiftAnnotations)
            {
                var a = x.Annotations.TryGetValue(key, out var va) ? va : null;
                var b = y.Annotations.TryGetValue(key, out var vb) ? vb : null;
                if (a != b) return false;
            }
            return true;
        }

        public int GetHashCode(NamespaceFacts obj) => 0;
    }
}
