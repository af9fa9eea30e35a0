using System.Buffers;
using System.Text;
using Injector.Json;

namespace Injector.Tests.Json;

/// <summary>
/// The request path reuses one JSON writer per thread: a reused writer must start clean on its new output (even after
/// a document was abandoned half-written), and a nested renter must not get the writer already in use.
/// </summary>
public sealed class JsonWriterCacheTests
{
    [Fact]
    public void ReusedWriterStartsCleanAfterAnAbandonedDocument()
    {
        var first = new ArrayBufferWriter<byte>();
        var writer = JsonWriterCache.Rent(first);
        writer.WriteStartObject();
        writer.WriteStartArray("half");
        writer.WriteStringValue("left open");
        JsonWriterCache.Return(writer);

        var second = new ArrayBufferWriter<byte>();
        var again = JsonWriterCache.Rent(second);
        again.WriteStartArray();
        again.WriteNumberValue(1);
        again.WriteEndArray();
        again.Flush();
        JsonWriterCache.Return(again);
        Assert.Equal("[1]", Encoding.UTF8.GetString(second.WrittenSpan));
    }

    [Fact]
    public void NestedRentGetsAnotherWriter()
    {
        var outer = JsonWriterCache.Rent(new ArrayBufferWriter<byte>());
        var inner = JsonWriterCache.Rent(new ArrayBufferWriter<byte>());
        Assert.NotSame(outer, inner);
        JsonWriterCache.Return(inner);
        JsonWriterCache.Return(outer);
    }

    [Fact]
    public void ReturnedWriterNoLongerWritesToItsOldOutput()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = JsonWriterCache.Rent(output);
        writer.WriteStartArray();
        writer.Flush();
        JsonWriterCache.Return(writer);
        Assert.Throws<InvalidOperationException>(() =>
        {
            writer.WriteStartArray();
            writer.Flush();
        });
        Assert.Equal("[", Encoding.UTF8.GetString(output.WrittenSpan));
        JsonWriterCache.Rent(new ArrayBufferWriter<byte>()); // take it back out: the test leaves no used writer cached
    }
}
