using Xunit;

namespace Injector.Tests.Rules;

/// <summary>
/// The stock template's canonical labels: name = first non-empty of the pod's service.istio.io/canonical-name,
/// app.kubernetes.io/name, app, the workload name, then Sprig <c>trunc 63</c> and <c>trimAll "-_."</c>; revision =
/// first non-empty of service.istio.io/canonical-revision, app.kubernetes.io/version, version, "latest" (not cut).
/// </summary>
public sealed class CanonicalLabelRuleTests
{
    private static string Decorated(PodGenerator gen, int max) =>
        gen.Pick("", "-", "_", ".", "-.", "") + gen.Name(1, max) + gen.Pick("", "-", "_x", ".", "._-", "") + gen.Name(0, 5);

    [Fact]
    public void CanonicalNameFromLabelsIsCutTo63AndTrimmed() => Check(longWorkloadNames: false, seed: 1511);

    [Fact]
    public void CanonicalNameFromLongWorkloadNamesIsCutTo63AndTrimmed() => Check(longWorkloadNames: true, seed: 1512);

    private static void Check(bool longWorkloadNames, int seed)
    {
        var table = RuleHarness.Load();
        var gen = new PodGenerator(seed);
        var cut = 0;
        for (var n = 0; n < 250; n++)
        {
            var workload = longWorkloadNames ? gen.Name(1, 40) + "-" + gen.Name(20, 60) : gen.Name(1, 30) + gen.Pick("", "-x", "-");
            var pod = gen.Pod(workload);
            var labels = PodGenerator.Labels(pod);
            labels.Remove("app");
            labels.Remove("version");
            string? canonical = gen.Chance(0.2) ? Decorated(gen, 80) : null;
            string? appName = gen.Chance(0.3) ? gen.Pick("", Decorated(gen, 80)) : null;
            string? app = gen.Chance(0.4) ? Decorated(gen, 80) : null;
            string? canonicalRevision = gen.Chance(0.2) ? Decorated(gen, 70) : null;
            string? appVersion = gen.Chance(0.3) ? gen.Pick("", Decorated(gen, 70)) : null;
            string? version = gen.Chance(0.3) ? Decorated(gen, 70) : null;
            if (canonical is not null) labels["service.istio.io/canonical-name"] = canonical;
            if (appName is not null) labels["app.kubernetes.io/name"] = appName;
            if (app is not null) labels["app"] = app;
            if (canonicalRevision is not null) labels["service.istio.io/canonical-revision"] = canonicalRevision;
            if (appVersion is not null) labels["app.kubernetes.io/version"] = appVersion;
            if (version is not null) labels["version"] = version;

            var answer = RuleHarness.Send(table, pod);
            var injected = answer.Injected;
            var after = RuleHarness.Map(injected, "labels");

            var name = new[] { canonical, appName, app, workload }.First(v => !string.IsNullOrEmpty(v))!;
            if (name.Length > 63) { name = name[..63]; cut++; }
            name = name.Trim('-', '_', '.');
            var revision = new[] { canonicalRevision, appVersion, version, "latest" }.First(v => !string.IsNullOrEmpty(v))!;
            Assert.True(after.TryGetValue("service.istio.io/canonical-name", out var actualName) && actualName == name,
                "canonical-name: expected '" + name + "' got '" + actualName + "' (" + answer.Path + " path) for " + pod.ToJsonString());
            Assert.True(after.TryGetValue("service.istio.io/canonical-revision", out var actualRevision) && actualRevision == revision,
                "canonical-revision: expected '" + revision + "' got '" + actualRevision + "' for " + pod.ToJsonString());
        }
        Assert.True(cut > 30, "long names exercised: " + cut);
    }
}
