using System.Buffers;
using System.Text.Json;

namespace Injector.Json;

/// <summary>
/// One <see cref="Utf8JsonWriter"/> per thread for the request path (patch and response), reset onto each output
/// instead of allocated per request. Re-entrant: a nested renter finds the slot empty and gets a fresh writer.
/// Options are the request path's: validation off, since each writer's shape is fixed by its own code.
/// </summary>
internal static class JsonWriterCache
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        var writer = t_writer;
        if (writer is null) return new Utf8JsonWriter(output, Options);
        t_writer = null;
        writer.Reset(output);
        return writer;
    }

    /// <summary>Gives the writer back, detached from its output (so the cache keeps no request buffer alive).</summary>
    public static void Return(Utf8JsonWriter writer)
    {
        writer.Reset(Detached.Instance); // Reset(Stream) would allocate a fresh internal buffer each time
        t_writer = writer;
    }

    /// <summary>The output of a writer resting in the cache: never written to, since Rent resets the writer first.</summary>
    private sealed class Detached : IBufferWriter<byte>
    {
        public static readonly Detached Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("a cached JSON writer was used after Return");
        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("a cached JSON writer was used after Return");
        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("a cached JSON writer was used after Return");
    }
}
