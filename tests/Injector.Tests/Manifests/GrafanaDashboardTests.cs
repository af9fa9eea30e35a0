using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Injector.Install.Manifests;
using Injector.Tests.Support;

namespace Injector.Tests.Manifests;

/// <summary>The dashboard and alert rules may only query metrics the injector exposes, and must cover all of them.</summary>
public sealed partial class GrafanaDashboardTests
{
    // The exposed names (docs/metrics.md); histograms are queried through their _bucket series.
    private static readonly string[] Exposed =
    [
        "sidecar_injection_requests_total", "sidecar_injection_success_total", "sidecar_injection_skip_total",
        "sidecar_injection_failure_total", "sidecar_injection_time_seconds_bucket", "injector_config_reload_failures_total",
    ];

    [Fact]
    public void DashboardQueriesOnlyAndAllExposedMetrics()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "monitoring", "grafana-dashboard.json")))!;
        var panels = dashboard["panels"]!.AsArray();
        Assert.NotEmpty(panels);
        var exprs = new List<string>();
        foreach (var panel in panels)
        {
            Assert.False(string.IsNullOrEmpty((string?)panel!["title"]));
            foreach (var target in panel["targets"]!.AsArray()) exprs.Add((string)target!["expr"]!);
        }
        var used = exprs.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet();
        Assert.Subset(Exposed.ToHashSet(), used);
        Assert.Superset(Exposed.ToHashSet(), used);
        Assert.Contains(dashboard["templating"]!["list"]!.AsArray(), v => (string?)v!["name"] == "revision");
    }

    [Fact]
    public void AlertRulesQueryOnlyExposedMetricsOrKubeStateMetrics()
    {
        var docs = YamlTestReader.Documents(ManifestRenderer.Render(new ManifestOptions("r1") { Monitoring = true }));
        var rules = YamlTestReader.Single(docs, "PrometheusRule")["spec"]!["groups"]![0]!["rules"]!.AsArray();
        foreach (var rule in rules)
        {
            foreach (Match m in MetricName().Matches((string)rule!["expr"]!))
            {
                Assert.True(Exposed.Contains(m.Value) || m.Value.StartsWith("kube_deployment_", StringComparison.Ordinal), m.Value);
            }
        }
    }

    [GeneratedRegex(@"\b(sidecar_injection_[a-z_]+|injector_[a-z_]+|kube_[a-z_]+)\b")]
    private static partial Regex MetricName();
}
