using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Admission;
using Injector.Istio.Install;
using Injector.Kubernetes.ClusterFacts;
using Injector.Rendering;
using Injector.Revisions;

namespace Injector.Tests.Admission;

/// <summary>
/// The cluster facts through the webhook's entry point (<see cref="AdmissionHandler"/>), with the snapshots serve's
/// watches fill (<see cref="ClusterFactsCache"/>): native sidecars from the nodes' kubelets when
/// <c>ENABLE_NATIVE_SIDECARS</c> is auto (the pod's node first), the proxy's ids from the namespace on OpenShift, and
/// the compiled path kept off any pod whose answer the facts change.
/// </summary>
public sealed class ClusterFactsAdmissionTests
{
    private static readonly Lazy<RevisionTable> Auto = new(() => RevisionLoader.LoadTexts(InstallInputs.FromOperator([], []), null));

    [Fact]
    public void AutoModeFollowsTheNodesKubeletVersions()
    {
        Assert.Null(Auto.Value.Default.Inputs.NativeSidecarMode);
        Assert.True(IsNative(Run(Auto.Value, Nodes(("a", "v1.33.0"), ("b", "v1.34.2-eks-1")), PodCreate())));
        Assert.False(IsNative(Run(Auto.Value, Nodes(("a", "v1.33.0"), ("b", "v1.32.9")), PodCreate())));
        Assert.False(IsNative(Run(Auto.Value, Nodes(("a", "not-a-version")), PodCreate())));
        // No nodes: Istio's loop over none says yes.
        Assert.True(IsNative(Run(Auto.Value, Nodes(), PodCreate())));
        // Nodes not known (no API access, or not listed yet): the offline default, on.
        Assert.True(IsNative(Run(Auto.Value, new ClusterFactsCache(), PodCreate())));
        Assert.True(IsNative(Run(Auto.Value, null, PodCreate())));
    }

    [Fact]
    public void APodWithANodeNameIsDecidedByThatNodeWhenItIsKnown()
    {
        var mixed = Nodes(("old", "v1.32.3"), ("new", "v1.33.1"));
        Assert.True(IsNative(Run(Auto.Value, mixed, PodCreate("new"))));
        Assert.False(IsNative(Run(Auto.Value, mixed, PodCreate("old"))));
        // A node the cluster does not have: every node decides (Istio warns and falls back).
        Assert.False(IsNative(Run(Auto.Value, mixed, PodCreate("gone"))));
        Assert.False(IsNative(Run(Auto.Value, mixed, PodCreate())));
    }

    [Fact]
    public void ExplicitModesIgnoreTheNodes()
    {
        var old = Nodes(("old", "v1.29.0"));
        var on = RevisionLoader.LoadTexts(InstallInputs.FromOperator([], ["values.pilot.env.ENABLE_NATIVE_SIDECARS=true"]), null);
        var off = RevisionLoader.LoadTexts(InstallInputs.FromOperator([], ["values.pilot.env.ENABLE_NATIVE_SIDECARS=false"]), null);
        Assert.True(IsNative(Run(on, old, PodCreate())));
        Assert.False(IsNative(Run(off, Nodes(("new", "v1.35.0")), PodCreate())));
        // The embedded default states nativeSidecars: true, as --config writes it: no node is read for it.
        Assert.Equal(true, RevisionLoader.Load(null, null).Default.Inputs.NativeSidecarMode);
        Assert.True(IsNative(Run(RevisionLoader.Load(null, null), old, PodCreate())));
    }

    [Fact]
    public void TheCompiledPathAnswersOnlyWhenTheNodesAgreeWithIt()
    {
        // An auto-mode revision served compiled too (the embedded default before it stated its mode): compiled native.
        var compiled = RevisionLoader.Load(null, null).Default.Compiled!;
        Assert.True(compiled.Config.NativeSidecars);
        var served = ServedRevision.Load(InstallInputs.FromOperatorText([], ["values.global.hub=docker.io/istio", "values.global.tag=1.28.0"]))
            .WithCompiled(compiled);
        var table = new RevisionTable(served.Name, [served]);

        var (agree, agreeReview) = RunWithResult(table, Nodes(("a", "v1.33.0")), PodCreate());
        Assert.Equal(AdmissionPaths.Compiled, agree.Path);
        Assert.True(IsNative(agreeReview));
        var (unknown, _) = RunWithResult(table, new ClusterFactsCache(), PodCreate());
        Assert.Equal(AdmissionPaths.Compiled, unknown.Path);

        var (differ, differReview) = RunWithResult(table, Nodes(("a", "v1.32.0")), PodCreate());
        Assert.Equal(AdmissionPaths.Rendered, differ.Path);
        Assert.False(IsNative(differReview));
        // Route overrides go compiled otherwise; not when the facts differ.
        var route = AdmissionRoute.TryParse("/inject/cluster/east/net/n1", out var parsed, out _) ? parsed : throw new InvalidOperationException();
        var (routed, routedReview) = RunWithResult(table, Nodes(("a", "v1.32.0")), PodCreate(), route);
        Assert.Equal(AdmissionPaths.Rendered, routed.Path);
        Assert.False(IsNative(routedReview));
    }

    [Fact]
    public void OpenShiftTakesTheProxyIdsFromTheWatchedNamespace()
    {
        var table = RevisionLoader.LoadTexts(InstallInputs.FromOperator([], ["values.global.platform=openshift", "values.pilot.env.ENABLE_NATIVE_SIDECARS=false"]), null);
        Assert.True(table.Default.Inputs.IsOpenShift);
        var facts = new ClusterFactsCache();
        facts.PublishNamespaces(ImmutableDictionary<string, NamespaceFacts>.Empty.WithComparers(StringComparer.Ordinal)
            .Add("canary-test", new NamespaceFacts(ImmutableDictionary<string, string>.Empty, new Dictionary<string, string>
            {
                ["openshift.io/sa.scc.uid-range"] = "1000620000/10000",
                ["openshift.io/sa.scc.supplemental-groups"] = "1000640000/10000,5/5",
            })));
        var proxy = Proxy(Run(table, facts, PodCreate()));
        Assert.Equal(1000629999, (long)proxy["securityContext"]!["runAsUser"]!);
        Assert.Equal(1000649999, (long)proxy["securityContext"]!["runAsGroup"]!);

        // Another namespace (not annotated, or unknown) and no facts at all: Istio's 1337.
        Assert.Equal(1337, (long)Proxy(Run(table, facts, PodCreate(@namespace: "other")))["securityContext"]!["runAsUser"]!);
        Assert.Equal(1337, (long)Proxy(Run(table, null, PodCreate()))["securityContext"]!["runAsUser"]!);
    }

    internal static ClusterFactsCache Nodes(params (string Name, string Kubelet)[] nodes)
    {
        var cache = new ClusterFactsCache();
        cache.PublishNodes(nodes.ToImmutableDictionary(n => n.Name, n => NativeSidecarSupport.KubeletSupports(n.Kubelet), StringComparer.Ordinal));
        return cache;
    }

    private static byte[] PodCreate(string? nodeName = null, string? @namespace = null) => AdmissionTestData.Edited(review =>
    {
        var request = review["request"]!.AsObject();
        if (nodeName is not null) request["object"]!["spec"]!["nodeName"] = nodeName;
        if (@namespace is not null)
        {
            request["namespace"] = @namespace;
            request["object"]!["metadata"]!["namespace"] = @namespace;
        }
    });

    private static JsonObject Run(RevisionTable table, IClusterFacts? facts, byte[] body) => RunWithResult(table, facts, body).Pod;

    private static (AdmissionResult Result, JsonObject Pod) RunWithResult(RevisionTable table, IClusterFacts? facts, byte[] body, AdmissionRoute route = default)
    {
        using var output = new PooledBufferWriter();
        var result = AdmissionHandler.Handle(new ReadOnlySequence<byte>(body), in route, table, output, Injector.Limits.WorkBudget.Unlimited, null, facts);
        var review = JsonDocument.Parse(output.WrittenMemory).RootElement.Clone();
        var pod = JsonDocument.Parse(body).RootElement.GetProperty("request").GetProperty("object").Clone();
        return (result, AdmissionResponseAssert.PatchApplies(review, pod));
    }

    private static bool IsNative(JsonObject pod)
    {
        var inInit = pod["spec"]!["initContainers"] is JsonArray init && init.Any(c => (string?)c!["name"] == "istio-proxy");
        var inContainers = ((JsonArray)pod["spec"]!["containers"]!).Any(c => (string?)c!["name"] == "istio-proxy");
        Assert.True(inInit != inContainers, "istio-proxy in exactly one list");
        return inInit;
    }

    private static JsonNode Proxy(JsonObject pod) =>
        ((JsonArray?)pod["spec"]!["initContainers"] ?? []).Concat((JsonArray)pod["spec"]!["containers"]!).First(c => (string?)c!["name"] == "istio-proxy")!;
}
