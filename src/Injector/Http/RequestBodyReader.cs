using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Injector.Limits;

namespace Injector.Http;

/// <summary>
/// Buffers the request body in the pipe (no copy, no string) until it is complete, exceeds the cap, outlives the
/// request's deadline or would take more than the shared <see cref="BufferedBodyBudget"/> allows.
/// On <see cref="BodyReadStatus.Complete"/> the caller uses <c>Buffer</c> and then calls
/// <c>reader.AdvanceTo(buffer.End)</c>; otherwise nothing more is read. Either way the caller gives
/// <c>Reserved</c> back to the budget once it is done with the body.
/// </summary>
internal static class RequestBodyReader
{
    public static async ValueTask<(BodyReadStatus Status, ReadOnlySequence<byte> Buffer, long Reserved)> ReadAsync(
        PipeReader reader, long maxBytes, long deadlineTimestamp, BufferedBodyBudget budget)
    {
        long reserved = 0;
        // A timer only when the body is not there yet: most bodies are, and a timer per request costs. At the deadline
        // it cancels the pending read (the read returns IsCanceled) instead of a token: a read ended by its token throws
        // and leaves Kestrel's HTTP/1.1 body reader marked as reading, so Kestrel's own drain of the unread body then
        // failed with "Reading is already in progress", logged at error level with a stack trace for every held body.
        CancellationTokenSource? deadline = null;
        CancellationTokenRegistration cancelRead = default;
        try
        {
            while (true)
            {
                if (!reader.TryRead(out var read))
                {
                    var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadlineTimestamp);
                    if (remaining <= TimeSpan.Zero) return (BodyReadStatus.TimedOut, default, reserved);
                    if (deadline is null)
                    {
                        deadline = new CancellationTokenSource(remaining);
                        cancelRead = deadline.Token.UnsafeRegister(static r => ((PipeReader)r!).CancelPendingRead(), reader);
                    }
                    read = await reader.ReadAsync();
                }
                if (read.IsCanceled)
                {
                    // Only our deadline cancels reads: the read is ended (consumed nothing) and the body stays unread.
                    reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    return (BodyReadStatus.TimedOut, default, reserved);
                }
                var buffer = read.Buffer;
                if (buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    return (BodyReadStatus.TooLarge, default, reserved);
                }
                if (buffer.Length > reserved)
                {
                    if (!budget.TryTake(buffer.Length - reserved, large: buffer.Length > InputLimits.SmallBodyBytes))
                    {
                        reader.AdvanceTo(buffer.Start, buffer.End);
                        return (BodyReadStatus.Overloaded, default, reserved);
                    }
                    reserved = buffer.Length;
                }
                if (read.IsCompleted) return (BodyReadStatus.Complete, buffer, reserved);
                // Examined everything, consumed nothing: the next read returns the whole body so far plus new bytes.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            cancelRead.Dispose();
            deadline?.Dispose();
        }
    }
}
