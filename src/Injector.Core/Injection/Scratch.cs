using System.Buffers;
using System.Text.Json;

namespace Injector.Injection;

/// <summary>
/// A per-thread scratch buffer and writer for values rendered as JSON text inside a string (pod ports, probers),
/// so a request does not allocate fresh buffers for them. Not re-entrant: take it, use it, done.
/// </summary>
internal sealed class Scratch
{
    // Per thread, emptied on every Take: a buffer reused, not a cache of anything a request wrote (and dropped when a
    // huge pod grew it past KeptCapacity).
    [ThreadStatic] private static Scratch? t_instance;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    private Scratch() => _writer = new Utf8JsonWriter(_buffer);

    /// <summary>A buffer grown past this by a huge pod is dropped rather than kept by the thread for good.</summary>
    private const int KeptCapacity = 64 * 1024;

    /// <summary>The thread's scratch, emptied.</summary>
    public static Scratch Take()
    {
        if (t_instance is { } old && old._buffer.Capacity > KeptCapacity) t_instance = null;
        var scratch = t_instance ??= new Scratch();
        scratch._buffer.ResetWrittenCount();
        scratch._writer.Reset(scratch._buffer);
        return scratch;
    }

    public ArrayBufferWriter<byte> Buffer => _buffer;

    /// <summary>A writer over <see cref="Buffer"/>, reset so it can start a new top-level value.</summary>
    public Utf8JsonWriter FreshWriter()
    {
        _writer.Flush();
        _writer.Reset(_buffer);
        return _writer;
    }

    public ReadOnlySpan<byte> Written
    {
        get
        {
            _writer.Flush();
            return _buffer.WrittenSpan;
        }
    }
}
