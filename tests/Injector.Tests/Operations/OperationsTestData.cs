using Injector.Webhooks;
using Injector.Tests.Support;

namespace Injector.Tests.Operations;

internal static class OperationsTestData
{
    public static string Dir { get; } = Path.Combine(TestPaths.RepoRoot, "tests", "Injector.Tests", "Operations", "testdata");

    public static string PathOf(string name) => Path.Combine(Dir, name);

    public static IReadOnlyList<WebhookConfiguration> Webhooks(string name) =>
        WebhookJsonReader.ReadAll(File.ReadAllText(PathOf(name)));

    /// <summary>"a=b,c=d" to a label map; "" is no labels.</summary>
    public static Dictionary<string, string> Labels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            labels[pair[..eq]] = pair[(eq + 1)..];
        }
        return labels;
    }
}
