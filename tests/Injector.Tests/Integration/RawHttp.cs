using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Injector.Tests.Integration;

/// <summary>
/// HTTP/1.1 over TLS written by hand, for what HttpClient cannot express: headers that promise a body never sent,
/// stalled bodies, oversized headers. Reads until the server closes or the response is complete.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Text)> SendAsync(int port, string request, TimeSpan? wait = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var tls = await OpenTlsAsync(tcp, SslProtocols.Tls12 | SslProtocols.Tls13);
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        await tls.FlushAsync();
        return await ReadResponseAsync(tls, wait ?? TimeSpan.FromSeconds(30));
    }

    public static async Task<SslStream> OpenTlsAsync(TcpClient tcp, SslProtocols protocols, string alpn = "http/1.1")
    {
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
            ApplicationProtocols = [new SslApplicationProtocol(alpn)],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        return tls;
    }

    private static async Task<(int Status, string Text)> ReadResponseAsync(Stream stream, TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cts.Token);
                if (read == 0) break;
                received.Write(buffer, 0, read);
                if (IsComplete(received.ToArray())) break;
            }
        }
        catch (IOException)
        {
            // The server may reset after answering; what arrived is the answer.
        }
        var text = Encoding.UTF8.GetString(received.ToArray());
        Assert.True(text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal), "no HTTP response: '" + text + "'");
        return (int.Parse(text.AsSpan(9, 3)), text);
    }

    private static bool IsComplete(byte[] bytes)
    {
        var text = Encoding.ASCII.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) return false;
        var headers = text[..end];
        var lengthLine = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (lengthLine is not null) return bytes.Length >= end + 4 + int.Parse(lengthLine["Content-Length:".Length..].Trim());
        return text.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
    }
}
