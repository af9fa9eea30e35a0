using System.Buffers;
using System.IO.Pipelines;

namespace Injector.Http;

/// <summary>
/// Buffers the request body in the pipe (no copy, no string) until it is complete or exceeds the cap.
/// On <see cref="BodyReadStatus.Complete"/> the caller uses <c>Buffer</c> and then calls
/// <c>reader.AdvanceTo(buffer.End)</c>; on <see cref="BodyReadStatus.TooLarge"/> nothing more is read.
/// </summary>
internal static class RequestBodyReader
{
    public static async ValueTask<(BodyReadStatus Status, ReadOnlySequence<byte> Buffer)> ReadAsync(
        PipeReader reader, long maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return (BodyReadStatus.TooLarge, default);
            }
            if (read.IsCompleted) return (BodyReadStatus.Complete, buffer);
            // Examined everything, consumed nothing: the next read returns the whole body so far plus new bytes.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
