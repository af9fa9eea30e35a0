using Injector.Revisions;
using Injector.Tests.Parity;

namespace Injector.Tests.Differential;

/// <summary>
/// Revisions the compiled path serves: the embedded default, Istio's test settings (tests/parity/istio-testing.yaml),
/// the default renamed to a canary, and revision YAML variants that turn on the settings the compiled path implements.
/// </summary>
internal static class DifferentialRevisions
{
    private static readonly Lazy<IReadOnlyList<(string Name, ServedRevision Revision)>> LazyAll = new(Load);

    public static IReadOnlyList<(string Name, ServedRevision Revision)> All => LazyAll.Value;

    /// <summary>Revision YAML variants (each loaded as serve loads a --config file without --set).</summary>
    public static readonly (string Name, string Yaml)[] Variants =
    [
        ("classic-hold", """
            revision: classic
            nativeSidecars: false
            holdApplicationUntilProxyStarts: true
            logLevel: debug
            """),
        ("classic", """
            revision: classic2
            nativeSidecars: false
            excludeIPRanges: 10.0.0.0/8,192.168.0.0/16
            includeOutboundPorts: "80,443"
            excludeInboundPorts: "9090"
            readinessInitialDelaySeconds: 2
            readinessPeriodSeconds: 5
            readinessFailureThreshold: 7
            """),
        ("mesh-network", """
            revision: multi
            meshID: mesh1
            network: net1
            clusterID: cluster-a
            trustDomain: example.org
            imagePullPolicy: IfNotPresent
            imagePullSecrets: [pull-a, pull-b]
            """),
        ("hold-native", """
            revision: hold
            holdApplicationUntilProxyStarts: true
            statusPort: 15021
            rewriteAppHTTPProbe: false
            proxyResources:
              requests: {cpu: 10m, memory: 10Mi}
              limits: {cpu: 100m, memory: 50Mi}
            """),
        ("policy-disabled", """
            revision: opt-in
            policy: disabled
            alwaysInjectSelector:
              - matchLabels: {inject-me: "yes"}
            neverInjectSelector:
              - matchExpressions: [{key: no-mesh, operator: Exists}]
            injectedAnnotations:
              example.com/injected: "yes"
            forbiddenAnnotations: [example.com/forbidden]
            """),
    ];

    /// <summary>Variants whose settings keep the revision on the renderer (<see cref="CompiledRevisionSupport"/>).</summary>
    public static readonly (string Name, string Yaml)[] RenderedOnly =
    [
        ("cni", "revision: cni\ncni: true\n"),
        ("core-dump", "revision: core\nenableCoreDump: true\n"),
    ];

    private static IReadOnlyList<(string Name, ServedRevision Revision)> Load()
    {
        var all = new List<(string, ServedRevision)>
        {
            ("embedded", RevisionLoader.Load(null, null).Default),
            ("istio-testing", ParityInjection.Table.Default),
            ("canary", RevisionLoader.Load(null, "canary").Default),
        };
        foreach (var (name, yaml) in Variants)
        {
            var revision = RevisionLoader.LoadText(name + ".yaml", yaml, [], "default");
            all.Add((name, revision.Compiled is not null ? revision : throw new InvalidOperationException(name + " is not served by the compiled path")));
        }
        return all;
    }
}
