using Injector.Istio.Install;
using Injector.Rendering;
using Injector.Tests.Support;
using Xunit.Abstractions;

namespace Injector.Tests.Rendering;

/// <summary>
/// The 40 default-settings goldens on the rendered path: every case through the webhook mode (README rules, then
/// idempotence) and through kube-inject mode (whole documents), with the chart's default install.
/// </summary>
public sealed class RenderedParityTests(ITestOutputHelper output)
{
    internal static RenderedInjector Injector { get; } = new(InjectorInputs.Load(InstallInputs.Default));

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in CaseNames()) data.Add(name);
        return data;
    }

    internal static List<string> CaseNames() =>
        [.. Directory.GetFiles(TestPaths.ParityCases, "*.yaml").Where(f => File.Exists(f + ".injected")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static string Read(string name) => File.ReadAllText(Path.Combine(TestPaths.ParityCases, name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void WebhookMatchesIstio(string caseName)
    {
        var failure = RenderedCases.CheckWebhook(Injector, Read(caseName), Read(caseName + ".injected"));
        Assert.True(failure is null, failure);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void KubeInjectMatchesIstio(string caseName)
    {
        var failure = RenderedCases.CheckKubeInject(Injector, Read(caseName), Read(caseName + ".injected"));
        Assert.True(failure is null, failure);
    }

    [Fact]
    public void Summary()
    {
        var names = CaseNames();
        var webhookFailures = new List<string>();
        var kubeFailures = new List<string>();
        foreach (var name in names)
        {
            string? failure;
            try { failure = RenderedCases.CheckWebhook(Injector, Read(name), Read(name + ".injected")); }
            catch (Exception e) { failure = e.GetType().Name + ": " + e.Message; }
            if (failure is not null) webhookFailures.Add(name + ": " + failure);
            try { failure = RenderedCases.CheckKubeInject(Injector, Read(name), Read(name + ".injected")); }
            catch (Exception e) { failure = e.GetType().Name + ": " + e.Message; }
            if (failure is not null) kubeFailures.Add(name + ": " + failure);
        }
        foreach (var note in RenderedCases.TakeNotes()) output.WriteLine("  note: " + note);
        output.WriteLine($"webhook: {names.Count - webhookFailures.Count}/{names.Count} pass");
        foreach (var line in webhookFailures) output.WriteLine("  " + line);
        output.WriteLine($"kube-inject: {names.Count - kubeFailures.Count}/{names.Count} pass");
        foreach (var line in kubeFailures) output.WriteLine("  " + line);
        Assert.Equal(40, names.Count);
        Assert.True(webhookFailures.Count == 0 && kubeFailures.Count == 0, string.Join("\n", webhookFailures.Concat(kubeFailures)));
    }
}
