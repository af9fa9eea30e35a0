using Injector.Tests.Admission;

namespace Injector.Tests.Fuzz;

/// <summary>Regression tests for what the fuzzer found (docs/reliability.md).</summary>
public sealed class FuzzFindingsTests
{
    [Theory]
    [InlineData("- a\n- b", "- a\\u000a- b")]
    [InlineData("x\r\u2028y", "x\\u000d\\u2028y")]
    public void Denial_for_a_bad_annotation_value_is_one_line(string value, string shown)
    {
        var body = AdmissionTestData.Edited(r =>
            r["request"]!["object"]!["metadata"]!["annotations"]!.AsObject()["status.sidecar.istio.io/port"] = value);
        var (_, review) = AdmissionTestData.Run(body);
        var message = review.GetProperty("response").GetProperty("status").GetProperty("message").GetString()!;
        Assert.Equal("invalid value \"" + shown + "\" for annotation \"status.sidecar.istio.io/port\": must be a port number 0..65535", message);
    }

    [Fact]
    public void Denial_shows_only_the_start_of_a_huge_value()
    {
        var body = AdmissionTestData.Edited(r =>
            r["request"]!["object"]!["metadata"]!["annotations"]!.AsObject()["sidecar.istio.io/proxyCPU"] = new string('z', 100_000));
        var (_, review) = AdmissionTestData.Run(body);
        var message = review.GetProperty("response").GetProperty("status").GetProperty("message").GetString()!;
        Assert.StartsWith("invalid value \"" + new string('z', 100) + "...\" for annotation", message);
        Assert.True(message.Length < 300, "message is " + message.Length + " chars");
    }
}
