using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using Injector.Http;

namespace Injector.Tests.Http;

/// <summary>
/// The body read ends with 408 only when the request's own deadline passes: a pending read cancelled by anyone else
/// (the server while it drains) reads on and returns the whole body.
/// </summary>
public sealed class BodyReadTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"kind\":\"AdmissionReview\"}");

    [Fact]
    public async Task A_read_cancelled_by_someone_else_reads_on()
    {
        var pipe = new Pipe();
        var read = InjectEndpoint.ReadBodyAsync(pipe.Reader, 1 << 20, Deadline(TimeSpan.FromSeconds(30)), new BufferedBodyBudget(1 << 20)).AsTask();
        await Task.Delay(100);
        Assert.False(read.IsCompleted);
        pipe.Reader.CancelPendingRead();
        await Task.Delay(100);
        Assert.False(read.IsCompleted, "a foreign cancellation ended the body read");
        await pipe.Writer.WriteAsync(Body);
        await pipe.Writer.CompleteAsync();
        var (status, buffer, _) = await read.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(InjectEndpoint.BodyReadStatus.Complete, status);
        Assert.Equal(Body, System.Buffers.BuffersExtensions.ToArray(buffer));
    }

    [Fact]
    public async Task The_deadline_ends_a_read_that_waits()
    {
        var pipe = new Pipe();
        var clock = Stopwatch.StartNew();
        var (status, _, _) = await InjectEndpoint.ReadBodyAsync(pipe.Reader, 1 << 20, Deadline(TimeSpan.FromMilliseconds(300)), new BufferedBodyBudget(1 << 20))
            .AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(InjectEndpoint.BodyReadStatus.TimedOut, status);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(9));
    }

    private static long Deadline(TimeSpan after) => Stopwatch.GetTimestamp() + (long)(after.TotalSeconds * Stopwatch.Frequency);
}
