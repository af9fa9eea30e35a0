using System.Text.Json;
using Injector.Admission;

namespace Injector.Tests.Admission;

public sealed class AdmissionResponseWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(70_000)]
    public void Patch_is_written_as_exact_base64_of_the_patch_bytes(int length)
    {
        var patch = new byte[length];
        new Random(length).NextBytes(patch);
        using var output = new PooledBufferWriter(16);
        AdmissionResponseWriter.WritePatched(output, AdmissionApiVersion.V1, "u-1", patch);

        var review = JsonDocument.Parse(output.WrittenMemory).RootElement;
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", "u-1");
        var response = review.GetProperty("response");
        Assert.True(response.GetProperty("allowed").GetBoolean());
        Assert.Equal("JSONPatch", response.GetProperty("patchType").GetString());
        Assert.Equal(patch, Convert.FromBase64String(response.GetProperty("patch").GetString()!));
    }

    [Fact]
    public void Denial_carries_code_and_escaped_message()
    {
        using var output = new PooledBufferWriter();
        AdmissionResponseWriter.WriteRefused(output, AdmissionApiVersion.V1Beta1, "u\"2", 403, "bad \"annotation\" </script>");
        var review = JsonDocument.Parse(output.WrittenMemory).RootElement;
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1beta1", "u\"2");
        AdmissionResponseAssert.Refused(review, 403);
        Assert.Equal("bad \"annotation\" </script>", review.GetProperty("response").GetProperty("status").GetProperty("message").GetString());
    }

    [Fact]
    public void Allowed_answer_has_no_patch_fields()
    {
        using var output = new PooledBufferWriter();
        AdmissionResponseWriter.WriteAllowed(output, AdmissionApiVersion.V1, "u-3");
        var review = JsonDocument.Parse(output.WrittenMemory).RootElement;
        AdmissionResponseAssert.Envelope(review, "admission.k8s.io/v1", "u-3");
        AdmissionResponseAssert.AllowedWithoutPatch(review);
    }
}
