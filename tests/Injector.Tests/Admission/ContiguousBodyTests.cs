using System.Buffers;
using System.Text;
using Injector.Admission;

namespace Injector.Tests.Admission;

public sealed class ContiguousBodyTests
{
    [Fact]
    public void A_single_segment_is_used_as_it_is()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"kind\":\"AdmissionReview\"}");
        var body = new ReadOnlySequence<byte>(bytes);

        var contiguous = ContiguousBody.Of(body, out var rented);

        Assert.Null(rented);
        Assert.True(contiguous.IsSingleSegment);
        Assert.True(contiguous.First.Span == bytes.AsSpan());
    }

    [Fact]
    public void Segments_are_copied_into_one_pooled_buffer_and_the_buffer_is_reused()
    {
        // 900 KB: the largest size class the pool keeps (up to 1 MiB), which no other test chunks, so a parallel test
        // cannot take the buffer in between.
        var bytes = new byte[900_000];
        Random.Shared.NextBytes(bytes);
        var body = AdmissionTestData.Chunked(bytes, 65536);
        Assert.False(body.IsSingleSegment);

        var contiguous = ContiguousBody.Of(body, out var rented);

        Assert.NotNull(rented);
        Assert.True(contiguous.IsSingleSegment);
        Assert.Equal(bytes, contiguous.ToArray());
        ContiguousBody.Return(rented);

        // The pool keeps what it was given back: the next large body gets the same buffer, not a new one.
        ContiguousBody.Of(body, out var again);
        Assert.Same(rented, again);
        ContiguousBody.Return(again);
    }

    [Fact]
    public void A_body_over_a_mebibyte_gets_an_array_of_its_own_that_the_pool_does_not_keep()
    {
        // Issue 12: pooling 6 MiB copies kept 64 MiB for good after a burst of large bodies.
        var bytes = new byte[3_000_000];
        Random.Shared.NextBytes(bytes);
        var body = AdmissionTestData.Chunked(bytes, 65536);

        ContiguousBody.Of(body, out var first);
        Assert.NotNull(first);
        Assert.Equal(bytes.Length, first.Length);
        ContiguousBody.Return(first);

        ContiguousBody.Of(body, out var second);
        Assert.NotSame(first, second);
        ContiguousBody.Return(second);
    }

    [Fact]
    public void A_chunked_review_gets_the_same_answer_as_a_contiguous_one()
    {
        var review = AdmissionTestData.PodCreate();
        var (wholeResult, whole) = AdmissionTestData.Run(review);
        var (chunkedResult, chunked) = AdmissionTestData.Run(AdmissionTestData.Chunked(review, 7));

        Assert.Equal(wholeResult, chunkedResult);
        Assert.Equal(whole.GetRawText(), chunked.GetRawText());
    }
}
