using System.Text.Json.Nodes;
using Injector.Tests.Support;
using Xunit.Abstractions;

namespace Injector.Tests.Parity;

/// <summary>
/// Istio parity on the shared goldens (<c>cases/X.yaml</c> → <c>X.yaml.injected</c>), by Istio's own webhook-test
/// rules: convert each workload to its pod, inject, apply the patch, compare with the golden's pod, then inject the
/// result again and require no change.
/// </summary>
public sealed class IstioParityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in CaseNames()) data.Add(name);
        return data;
    }

    private static List<string> CaseNames() =>
        [.. Directory.GetFiles(TestPaths.ParityCases, "*.yaml")
            .Where(f => File.Exists(f + ".injected"))
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void InjectedPodMatchesIstio(string caseName)
    {
        var failure = Check(caseName);
        Assert.True(failure is null, failure);
    }

    [Fact]
    public void Summary()
    {
        var failures = new List<string>();
        var total = 0;
        foreach (var caseName in CaseNames())
        {
            total++;
            string? failure;
            try { failure = Check(caseName); }
            catch (Exception e) { failure = e.GetType().Name + ": " + e.Message; }
            if (failure is not null) failures.Add(caseName + ": " + failure);
        }
        output.WriteLine((total - failures.Count) + "/" + total + " parity cases pass");
        foreach (var line in failures) output.WriteLine(line);
        Assert.True(total > 0, "no parity cases found in " + TestPaths.ParityCases);
        Assert.True(failures.Count == 0, (total - failures.Count) + "/" + total + " pass\n" + string.Join("\n", failures));
    }

    /// <summary>Guards the comparison itself: an uninjected pod, or one with a changed proxy env, must not pass.</summary>
    [Fact]
    public void ComparisonDetectsDifferences()
    {
        var input = WorkloadPods.FromYaml(File.ReadAllText(Path.Combine(TestPaths.ParityCases, "hello.yaml")))[0];
        var golden = WorkloadPods.FromYaml(File.ReadAllText(Path.Combine(TestPaths.ParityCases, "hello.yaml.injected")))[0];
        Assert.NotNull(JsonComparison.FirstDifference(JsonComparison.Normalize(golden.Pod), JsonComparison.Normalize(input.Pod)));

        var injected = ParityInjection.InjectAndApply(input.Pod, input.Namespace);
        Assert.Null(JsonComparison.FirstDifference(JsonComparison.Normalize(golden.Pod), JsonComparison.Normalize(injected)));
        injected["spec"]!["initContainers"]![1]!["env"]![0]!["value"] = "other";
        var diff = JsonComparison.FirstDifference(JsonComparison.Normalize(golden.Pod), JsonComparison.Normalize(injected));
        Assert.Equal("$.spec.initContainers[1].env[0].value: expected \"istiod\", got \"other\"", diff);
    }

    private static string? Check(string caseName)
    {
        var input = WorkloadPods.FromYaml(File.ReadAllText(Path.Combine(TestPaths.ParityCases, caseName)));
        var golden = WorkloadPods.FromYaml(File.ReadAllText(Path.Combine(TestPaths.ParityCases, caseName + ".injected")));
        if (input.Count != golden.Count) return "input has " + input.Count + " workloads, golden " + golden.Count;
        for (var i = 0; i < input.Count; i++)
        {
            var injected = ParityInjection.InjectAndApply(input[i].Pod, input[i].Namespace);
            var label = input.Count > 1 ? "[" + input[i].Name + "] " : "";
            if (JsonComparison.FirstDifference(JsonComparison.Normalize(golden[i].Pod), JsonComparison.Normalize(injected)) is { } diff)
            {
                return label + diff;
            }
            var again = ParityInjection.InjectAndApply(injected, input[i].Namespace);
            if (JsonComparison.FirstDifference(JsonComparison.Normalize(injected), JsonComparison.Normalize(again)) is { } drift)
            {
                return label + "not idempotent: " + drift;
            }
            // A pod Istio injected (an upgrade from istiod) is re-injected to the same pod too.
            var fromIstio = ParityInjection.InjectAndApply(golden[i].Pod, input[i].Namespace);
            if (JsonComparison.FirstDifference(JsonComparison.Normalize(golden[i].Pod), JsonComparison.Normalize(fromIstio)) is { } upgrade)
            {
                return label + "re-injecting Istio's pod changes it: " + upgrade;
            }
        }
        return null;
    }
}
