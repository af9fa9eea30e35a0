using Injector.Tests.Admission;

namespace Injector.Tests.Fuzz;

/// <summary>Regression tests for what the fuzzer found (docs/reliability.md).</summary>
public sealed class FuzzFindingsTests
{
    [Theory]
    [InlineData("- a\n- b")]
    [InlineData("x\r\u2028y")]
    public void Denial_for_a_bad_annotation_value_is_one_line(string value)
    {
        // Answered by Istio's algorithm (the pod carries an Istio annotation): Istio's message, kept on one line.
        var body = AdmissionTestData.Edited(r =>
            r["request"]!["object"]!["metadata"]!["annotations"]!.AsObject()["status.sidecar.istio.io/port"] = value);
        var (_, review) = AdmissionTestData.Run(body);
        Assert.False(review.GetProperty("response").GetProperty("allowed").GetBoolean());
        var message = review.GetProperty("response").GetProperty("status").GetProperty("message").GetString()!;
        Assert.Contains("status.sidecar.istio.io/port", message);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
        Assert.DoesNotContain('\u2028', message);
    }

    [Fact]
    public void Denial_shows_only_the_start_of_a_huge_value()
    {
        var body = AdmissionTestData.Edited(r =>
            r["request"]!["object"]!["metadata"]!["annotations"]!.AsObject()["sidecar.istio.io/proxyCPU"] = new string('z', 100_000));
        var (_, review) = AdmissionTestData.Run(body);
        var message = review.GetProperty("response").GetProperty("status").GetProperty("message").GetString()!;
        Assert.Contains("sidecar.istio.io/proxyCPU", message);
        Assert.Contains(new string('z', 100) + "...", message);
        Assert.True(message.Length < 1_000, "message is " + message.Length + " chars");
    }
}
