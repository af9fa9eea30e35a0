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
        // A timer only when the body is not there yet: most bodies are, and a timer per request costs.
        CancellationTokenSource? deadline = null;
        try
        {
            while (true)
            {
                if (!reader.TryRead(out var read))
                {
                    var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadlineTimestamp);
                    if (remaining <= TimeSpan.Zero) return (BodyReadStatus.TimedOut, default, reserved);
                    deadline ??= new CancellationTokenSource(remaining);
                    try
                    {
                        read = await reader.ReadAsync(deadline.Token);
                    }
                    catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                    {
                        return (BodyReadStatus.TimedOut, default, reserved);
                    }
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
            deadline?.Dispose();
        }
    }
}
