using System.Text;
using Injector.Injection;

namespace Injector.Tests.Injection;

/// <summary>
/// The engine finds the annotations it reads in one pass, by their raw bytes; an escaped key in the pod's JSON
/// (<c>\/</c>, <c>\u0069</c>) is the same key and must still be found, among many unrelated annotations.
/// </summary>
public sealed class AnnotationIndexTests
{
    public static TheoryData<string, string> Keys => new()
    {
        { "plain", "sidecar.istio.io/inject" },
        { "escaped slash", "sidecar.istio.io\\/inject" },
        { "unicode escape", "sidecar.\\u0069stio.io/inject" },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void InjectAnnotationIsFoundHoweverItIsWritten(string _, string jsonKey)
    {
        var metadata = "\"name\":\"app\",\"annotations\":{" + Unrelated(300) + ",\"" + jsonKey + "\":\"false\"," + Unrelated(5, "z") + "}";
        var outcome = InjectionHarness.Run(InjectionHarness.Pod(metadata), InjectionHarness.Revision("revision: default\npolicy: enabled\n"));
        Assert.Equal(InjectionOutcome.Skipped, outcome.Result.Outcome);
        Assert.Equal(SkipReasons.PodAnnotation, outcome.Result.Reason);
    }

    [Fact]
    public void EscapedOverrideAnnotationIsApplied()
    {
        var metadata = "\"name\":\"app\",\"annotations\":{" + Unrelated(50) + ",\"sidecar.istio.io\\/proxyImage\":\"example.com/proxy:escaped\"}";
        var pod = InjectionHarness.Inject(InjectionHarness.Pod(metadata));
        Assert.Equal("example.com/proxy:escaped", (string?)InjectionHarness.Container(pod, "istio-proxy")!["image"]);
    }

    private static string Unrelated(int count, string prefix = "a")
    {
        var json = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            // "a000000.istio.io/inject": the length of sidecar.istio.io/inject, so its bucket compares bytes, not just lengths.
            json.Append(i > 0 ? "," : "").Append('"').Append(prefix).Append(i.ToString("D6")).Append(".istio.io/inject\":\"v\"");
        }
        return json.ToString();
    }
}
