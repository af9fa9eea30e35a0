using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Injector.Tests.Integration;

/// <summary>
/// HTTP/2 over TLS written by hand, for what HttpClient cannot express: a stream reset the instant its request is
/// complete, many streams opened at once. Headers use HPACK literals only (no dynamic table). The server's first
/// SETTINGS frame is acknowledged and its windows are waited for; a body should stay under Kestrel's 768 KiB stream window.
/// </summary>
internal sealed class RawHttp2 : IAsyncDisposable
{
    public const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, GoAway = 0x7, WindowUpdate = 0x8;
    private const byte EndStream = 0x1, EndHeaders = 0x4, Ack = 0x1;

    private readonly TcpClient _tcp;
    private readonly SslStream _tls;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private RawHttp2(TcpClient tcp, SslStream tls)
    {
        _tcp = tcp;
        _tls = tls;
    }

    public static async Task<RawHttp2> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var tls = await RawHttp.OpenTlsAsync(tcp, SslProtocols.Tls12 | SslProtocols.Tls13, "h2");
        var connection = new RawHttp2(tcp, tls);
        await tls.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        await connection.WriteFrameAsync(Settings, 0, 0, ReadOnlyMemory<byte>.Empty);
        // The server's SETTINGS (stream window) and its connection WINDOW_UPDATE: after them a body may exceed 64 KiB.
        await connection.ReadFramesAsync(TimeSpan.FromSeconds(5), frames => frames.Any(f => f.Type == WindowUpdate && f.Stream == 0));
        return connection;
    }

    /// <summary>HEADERS for a POST (and DATA with END_STREAM when <paramref name="body"/> is given).</summary>
    public async Task PostAsync(int streamId, string path, byte[]? body, bool endStream = true)
    {
        var block = new MemoryStream();
        block.WriteByte(0x83); // :method POST
        block.WriteByte(0x87); // :scheme https
        Literal(block, 0x04, path); // :path
        Literal(block, 0x01, "localhost"); // :authority
        LiteralLongIndex(block, 31, "application/json"); // content-type
        if (body is not null) LiteralLongIndex(block, 28, body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)); // content-length
        var headersEnd = body is null && endStream;
        await WriteFrameAsync(Headers, (byte)(EndHeaders | (headersEnd ? EndStream : 0)), streamId, block.ToArray());
        if (body is null) return;
        for (var offset = 0; offset < body.Length || body.Length == 0; offset += 16_384)
        {
            var length = Math.Min(16_384, body.Length - offset);
            var last = offset + length >= body.Length;
            await WriteFrameAsync(Data, (byte)(last && endStream ? EndStream : 0), streamId, body.AsMemory(offset, length));
            if (body.Length == 0) break;
        }
    }

    public Task ResetAsync(int streamId, uint errorCode = 0x8)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, errorCode);
        return WriteFrameAsync(RstStream, 0, streamId, payload);
    }

    /// <summary>Frames until the server closes the connection or <paramref name="wait"/> passes; acknowledges the server's SETTINGS.</summary>
    public async Task<List<(byte Type, byte Flags, int Stream, byte[] Payload)>> ReadFramesAsync(TimeSpan wait, Func<List<(byte Type, byte Flags, int Stream, byte[] Payload)>, bool>? enough = null)
    {
        var frames = new List<(byte, byte, int, byte[])>();
        using var cts = new CancellationTokenSource(wait);
        var header = new byte[9];
        try
        {
            while (true)
            {
                await _tls.ReadExactlyAsync(header, cts.Token);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                var payload = new byte[length];
                await _tls.ReadExactlyAsync(payload, cts.Token);
                var frame = (header[3], header[4], (int)(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(5)) & 0x7fffffff), payload);
                frames.Add(frame);
                if (frame.Item1 == Settings && (frame.Item2 & Ack) == 0) await WriteFrameAsync(Settings, Ack, 0, ReadOnlyMemory<byte>.Empty);
                if (enough?.Invoke(frames) == true) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or EndOfStreamException)
        {
            // The wait ended or the server closed the connection: what arrived is the answer.
        }
        return frames;
    }

    public async Task WriteFrameAsync(byte type, byte flags, int streamId, ReadOnlyMemory<byte> payload)
    {
        var header = new byte[9];
        header[0] = (byte)(payload.Length >> 16);
        header[1] = (byte)(payload.Length >> 8);
        header[2] = (byte)payload.Length;
        header[3] = type;
        header[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(5), (uint)streamId);
        await _writeLock.WaitAsync();
        try
        {
            await _tls.WriteAsync(header);
            await _tls.WriteAsync(payload);
            await _tls.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Literal header field without indexing, name from the static table (index below 15), value as plain octets.
    private static void Literal(MemoryStream block, byte nameIndex, string value)
    {
        block.WriteByte(nameIndex);
        Value(block, value);
    }

    private static void LiteralLongIndex(MemoryStream block, int nameIndex, string value)
    {
        block.WriteByte(0x0F);
        block.WriteByte((byte)(nameIndex - 15));
        Value(block, value);
    }

    private static void Value(MemoryStream block, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length >= 127) throw new ArgumentException("header values here stay under 127 bytes", nameof(value));
        block.WriteByte((byte)bytes.Length);
        block.Write(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await _tls.DisposeAsync();
        _tcp.Dispose();
        _writeLock.Dispose();
    }
}
