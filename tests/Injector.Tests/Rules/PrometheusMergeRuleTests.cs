using System.Globalization;
using System.Text.Json.Nodes;
using Injector.Admission;
using Xunit;

namespace Injector.Tests.Rules;

/// <summary>
/// Istio's metrics merge (webhook.go applyPrometheusMerge): keys compared after Prometheus' SanitizeLabelName
/// (every character outside [a-zA-Z0-9_] becomes '_'), scrape/merge-metrics values read with Go's strconv.ParseBool,
/// every variant cleared before Istio writes its own three, scrape-targets "port:path" pairs, invalid, agent and
/// reserved ports denied with Istio's messages.
/// </summary>
public sealed class PrometheusMergeRuleTests
{
    private const string AgentPort = "15020";

    private static readonly string[] Reserved = ["15000", "15001", "15004", "15006", "15008", "15020", "15021", "15053", "15090"];

    private static string[] Variants(string suffix) =>
        ["prometheus.io/" + suffix, "prometheus.io." + suffix, "prometheus-io/" + suffix, "prometheus_io_" + suffix];

    /// <summary>Go's strconv.ParseBool.</summary>
    private static bool? GoParseBool(string value) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    private static string Sanitize(string key) => new([.. key.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_')]);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MergeFollowsIstioOverGeneratedPods(bool meshMerge)
    {
        var table = meshMerge ? RuleHarness.Load() : RuleHarness.Load("meshConfig.enablePrometheusMerge=false");
        var gen = new PodGenerator(meshMerge ? 1501 : 1502);
        var merged = 0;
        var denied = 0;
        for (var n = 0; n < 250; n++)
        {
            var pod = gen.Pod();
            var annotations = PodGenerator.Annotations(pod);
            // One value per key family (Istio walks a Go map: different values under two spellings are random there).
            string? scrape = gen.Chance(0.8) ? gen.Pick("true", "false", "1", "0", "t", "F", "TRUE", "False", "yes", "", "on") : null;
            string? port = gen.Chance(0.7) ? gen.Pick("8080", "9090", "0080", "15020", "15000", "15090", "abc", "0", "70000", "", "+90") : null;
            string? path = gen.Chance(0.6) ? gen.Pick("/metrics", "/m/" + gen.Name(1, 5), "") : null;
            string? targets = gen.Chance(0.25) ? gen.Pick("9100:/a, 9101", "9102", " 9103 : /b ,", ":/x", "9104,15021", "x1:/y", "15020") : null;
            if (scrape is not null) foreach (var k in Variants("scrape").OrderBy(_ => gen.Random.Next()).Take(gen.Random.Next(1, 3))) annotations[k] = scrape;
            if (port is not null) foreach (var k in Variants("port").OrderBy(_ => gen.Random.Next()).Take(gen.Random.Next(1, 3))) annotations[k] = port;
            if (path is not null) foreach (var k in Variants("path").OrderBy(_ => gen.Random.Next()).Take(gen.Random.Next(1, 3))) annotations[k] = path;
            if (targets is not null) annotations[gen.Pick("prometheus.istio.io/scrape-targets", "prometheus_istio_io/scrape-targets")] = targets;
            string? mergeAnnotation = gen.Chance(0.3) ? gen.Pick("false", "true", "0", "T") : null;
            if (mergeAnnotation is not null) annotations["prometheus.istio.io/merge-metrics"] = mergeAnnotation;
            var before = RuleHarness.Map(pod, "annotations");

            var answer = RuleHarness.Send(table, pod);

            // Expected, from Istio's definition.
            var scrapeOn = scrape is null || GoParseBool(scrape) is not { } s || s;
            var enabled = mergeAnnotation is not null && GoParseBool(mergeAnnotation) is { } m ? m : meshMerge;
            var context = "pod " + pod.ToJsonString();
            if (!scrapeOn || !enabled || port == AgentPort)
            {
                var after = RuleHarness.Map(answer.Injected, "annotations");
                foreach (var (key, value) in before.Where(e => Sanitize(e.Key).StartsWith("prometheus_io_", StringComparison.Ordinal)))
                {
                    Assert.True(after.TryGetValue(key, out var kept) && kept == value, "kept " + key + ": " + context);
                }
                Assert.Null(RuleHarness.Env(RuleHarness.Proxy(answer.Injected), "ISTIO_PROMETHEUS_ANNOTATIONS"));
                continue;
            }

            var parsedTargets = ParseTargets(targets);
            string effectivePort = port ?? "", effectivePath = path ?? "";
            string? error = null;
            if (parsedTargets is { Count: > 0 })
            {
                effectivePort = parsedTargets[0].Port;
                effectivePath = parsedTargets[0].Path;
                foreach (var t in parsedTargets)
                {
                    error ??= PortError(t.Port, "invalid prometheus scrape targets: ", "target port");
                }
            }
            else if (effectivePort.Length > 0)
            {
                error = PortError(effectivePort, "invalid prometheus scrape configuration: ", "port");
            }
            if (error is not null)
            {
                Assert.True(answer.Outcome == AdmissionOutcome.Denied, "expected denial '" + error + "': " + context);
                Assert.Contains(error, answer.Message, StringComparison.Ordinal);
                denied++;
                continue;
            }

            var injected = answer.Injected;
            var annotationsAfter = RuleHarness.Map(injected, "annotations");
            var promKeys = annotationsAfter.Keys.Where(k => Sanitize(k) is "prometheus_io_scrape" or "prometheus_io_port" or "prometheus_io_path" or "prometheus_istio_io_scrape_targets").OrderBy(k => k, StringComparer.Ordinal).ToArray();
            Assert.True(promKeys.SequenceEqual(["prometheus.io/path", "prometheus.io/port", "prometheus.io/scrape"]), "variants cleared: " + string.Join(",", promKeys) + " " + context);
            Assert.Equal(AgentPort, annotationsAfter["prometheus.io/port"]);
            Assert.Equal("/stats/prometheus", annotationsAfter["prometheus.io/path"]);
            Assert.Equal("true", annotationsAfter["prometheus.io/scrape"]);

            var expected = new JsonObject { ["scrape"] = scrape ?? "", ["path"] = effectivePath, ["port"] = effectivePort };
            if (parsedTargets is { Count: > 0 })
            {
                expected["targets"] = new JsonArray([.. parsedTargets.Select(t => (JsonNode)new JsonObject { ["port"] = t.Port, ["path"] = t.Path })]);
            }
            var isEmpty = expected["scrape"]!.GetValue<string>() == "" && effectivePath == "" && effectivePort == "" && parsedTargets is not { Count: > 0 };
            var env = RuleHarness.Env(RuleHarness.Proxy(injected), "ISTIO_PROMETHEUS_ANNOTATIONS");
            if (isEmpty)
            {
                Assert.True(env is null, "no env for an empty configuration: " + context);
            }
            else
            {
                Assert.True(env is not null, "ISTIO_PROMETHEUS_ANNOTATIONS missing: " + context);
                var actual = JsonNode.Parse(env)!.AsObject();
                Assert.True(JsonNode.DeepEquals(expected, actual), "expected " + expected.ToJsonString() + " got " + env + ": " + context);
                Assert.Equal(expected.Select(e => e.Key), actual.Select(e => e.Key)); // Go's struct field order
            }
            merged++;
        }
        Assert.True(meshMerge ? merged > 20 && denied > 10 : merged > 5, "coverage: merged " + merged + ", denied " + denied);
    }

    private static string? PortError(string port, string prefix, string what)
    {
        // strconv.Atoi: optional sign, decimal digits.
        var ok = int.TryParse(port, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && port.Length > 0 && !port.Contains(' ');
        if (!ok || number < 1 || number > 65535) return prefix + "invalid " + what + " \"" + port + "\"";
        var canonical = number.ToString(CultureInfo.InvariantCulture);
        if (canonical == AgentPort) return prefix + what + " " + port + " conflicts with agent port";
        if (Reserved.Contains(canonical)) return prefix + what + " " + port + " is reserved for Istio (";
        return null;
    }

    /// <summary>status.ParseScrapeTargets, as the renderer has it (the rule checked here is what the merge does with them).</summary>
    private static List<(string Port, string Path)>? ParseTargets(string? raw) =>
        raw is null ? null : Injector.Rendering.PrometheusMerge.ParseTargets(raw);
}
