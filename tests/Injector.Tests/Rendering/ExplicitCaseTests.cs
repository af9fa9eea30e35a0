using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Injector.Istio.Install;
using Injector.Rendering;
using Injector.Tests.Support;
using Xunit.Abstractions;

namespace Injector.Tests.Rendering;

/// <summary>
/// Istio's explicit cases (tests/testdata/istio/explicit/cases.json) on the rendered path: each case's install
/// settings through <see cref="InstallInputs.FromOperator"/>, then the input through the paths Istio's test runs
/// (webhook, kube-inject), expected errors and logs included. needsCluster cases get the namespace's OpenShift
/// annotations through <see cref="NamespaceFacts"/>.
/// </summary>
public sealed class ExplicitCaseTests(ITestOutputHelper output)
{
    internal sealed record Case(string Name, string Input, string? Golden, List<string> Set, List<string> OperatorFiles, string? ExpectedError,
        string? ExpectedLog, bool Webhook, bool KubeInject, bool NeedsCluster);

    private static readonly string CasesDirectory = Path.Combine(TestPaths.ExplicitCases, "cases");

    internal static List<Case> All { get; } = Load();

    private static readonly ConcurrentDictionary<string, RenderedInjector> Injectors = new();

    /// <summary>The OpenShift namespace Istio's test cluster has (README: UID range 1000620000/10000 on test-ns).</summary>
    internal static readonly NamespaceFacts OpenShiftNamespace = new(
        new Dictionary<string, string>(),
        new Dictionary<string, string> { ["openshift.io/sa.scc.uid-range"] = "1000620000/10000" });

    private static List<Case> Load()
    {
        var list = new List<Case>();
        foreach (var node in JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.ExplicitCases, "cases.json")))!.AsArray())
        {
            list.Add(new Case(
                (string)node!["name"]!, (string)node["input"]!, (string?)node["golden"],
                [.. node["set"]!.AsArray().Select(s => (string)s!)], [.. node["operatorFiles"]!.AsArray().Select(s => (string)s!)],
                (string?)node["expectedError"], (string?)node["expectedLog"], (bool)node["webhook"]!, (bool)node["kubeInject"]!, (bool)node["needsCluster"]!));
        }
        return list;
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All) data.Add(c.Name);
        return data;
    }

    /// <summary>
    /// Known differences, each asserted to stay exactly what it is (a change either way fails the test):
    /// <list type="bullet">
    /// <item>60–62: cases.json sets <c>values.global.platform=openshift</c>, which brings the chart's OpenShift platform
    ///   profile (<c>pilot.cni.provider: multus</c>, so the template adds the Multus network annotation); Istio's test
    ///   set only istiod's <c>PLATFORM</c> env, so its goldens have no such annotation. The rest of the pods (UID/GID
    ///   1000629999 from the namespace) match.</item>
    /// <item>69: re-injection (of our pod or Istio's) moves the spire template's <c>istio-proxy</c> from containers to
    ///   init containers beside the injected one and <c>reorderPod</c> keeps the last (Istio's rules; the brief allows
    ///   this case to need more). The first injection matches the golden.</item>
    /// </list>
    /// </summary>
    internal static readonly Dictionary<string, (string? Webhook, string? KubeInject)> KnownDifferences = new()
    {
        ["60-hello-openshift"] = ("k8s.v1.cni.cncf.io/networks: unexpected \"default/istio-cni\"", null),
        ["61-hello-openshift-custom-injection"] = ("k8s.v1.cni.cncf.io/networks: unexpected \"default/istio-cni\"", null),
        ["62-hello-openshift-tproxy"] = ("k8s.v1.cni.cncf.io/networks: unexpected \"default/istio-cni\"", null),
        ["69-sidecar-spire"] = ("re-injecting Istio's pod changes it: $.spec.initContainers[1].args: missing", "not idempotent: $.spec.template.spec.initContainers[1].args: missing"),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void ExplicitCaseMatchesIstio(string name)
    {
        var (webhook, kubeInject) = Check(All.Single(c => c.Name == name));
        var (knownWebhook, knownKubeInject) = KnownDifferences.GetValueOrDefault(name);
        AssertOutcome("webhook", knownWebhook, webhook);
        AssertOutcome("kube-inject", knownKubeInject, kubeInject);
    }

    private static void AssertOutcome(string path, string? known, string? actual)
    {
        if (known is null) Assert.True(actual is null, path + ": " + actual);
        else Assert.True(actual is not null && actual.Contains(known, StringComparison.Ordinal), path + ": expected the known difference \"" + known + "\", got " + (actual ?? "a pass"));
    }

    [Fact]
    public void Summary()
    {
        int webhookRun = 0, webhookPass = 0, kubeRun = 0, kubePass = 0;
        var failures = new List<string>();
        var known = new List<string>();
        foreach (var c in All)
        {
            string? webhook, kube;
            try { (webhook, kube) = Check(c); }
            catch (Exception e) { webhook = kube = e.GetType().Name + ": " + e.Message; }
            if (c.Webhook && c.ExpectedError is null)
            {
                webhookRun++;
                if (webhook is null) webhookPass++;
                else (KnownDifferences.TryGetValue(c.Name, out var k) && k.Webhook is { } w && webhook.Contains(w, StringComparison.Ordinal) ? known : failures).Add(c.Name + " webhook: " + webhook);
            }
            if (c.KubeInject)
            {
                kubeRun++;
                if (kube is null) kubePass++;
                else (KnownDifferences.TryGetValue(c.Name, out var k) && k.KubeInject is { } w && kube.Contains(w, StringComparison.Ordinal) ? known : failures).Add(c.Name + " kube-inject: " + kube);
            }
        }
        foreach (var note in RenderedCases.TakeNotes()) output.WriteLine("  note: " + note);
        output.WriteLine($"webhook: {webhookPass}/{webhookRun} pass; kube-inject: {kubePass}/{kubeRun} pass; {known.Count} known differences, {failures.Count} failures");
        foreach (var f in known) output.WriteLine("  known: " + (f.Length > 300 ? f[..300] + "..." : f));
        foreach (var f in failures) output.WriteLine("  " + (f.Length > 700 ? f[..700] + "..." : f));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    internal static RenderedInjector InjectorFor(Case c) => Injectors.GetOrAdd(c.Name, _ => new RenderedInjector(InjectorInputs.Load(
        InstallInputs.FromOperator([.. c.OperatorFiles.Select(f => Path.Combine(CasesDirectory, f))], c.Set))));

    /// <summary>(webhook problem, kube-inject problem); null where the path passes or is not run.</summary>
    internal static (string? Webhook, string? KubeInject) Check(Case c)
    {
        var injector = InjectorFor(c);
        var input = File.ReadAllText(Path.Combine(CasesDirectory, c.Input));
        var golden = c.Golden is null ? null : File.ReadAllText(Path.Combine(CasesDirectory, c.Golden));
        var ns = c.NeedsCluster ? OpenShiftNamespace : null;
        string? webhook = null, kube = null;
        if (c.Webhook && c.ExpectedError is null)
        {
            webhook = golden is null ? "no golden" : RenderedCases.CheckWebhook(injector, input, golden, ns);
        }
        if (c.KubeInject)
        {
            if (c.ExpectedError is { } expected)
            {
                var (_, problem) = RenderedCases.KubeInjectAll(injector, input);
                kube = problem is null ? "expected an error containing \"" + expected + "\", got none"
                    : problem.ToLowerInvariant().Contains(expected, StringComparison.Ordinal) ? null
                    : "expected an error containing \"" + expected + "\", got: " + problem;
            }
            else
            {
                kube = golden is null ? "no golden" : RenderedCases.CheckKubeInject(injector, input, golden);
                if (kube is null && c.ExpectedLog is { } log && !SkipReasons(injector, input).Any(r => r.Contains(log, StringComparison.Ordinal)))
                {
                    kube = "expected a skip saying \"" + log + "\"";
                }
            }
        }
        return (webhook, kube);
    }

    private static IEnumerable<string> SkipReasons(RenderedInjector injector, string yaml)
    {
        foreach (var document in Parity.YamlJson.LoadAll(yaml))
        {
            if (document is JsonObject obj && injector.InjectWorkload(obj) is RenderOutcome.Skipped skipped) yield return skipped.Reason;
        }
    }
}
