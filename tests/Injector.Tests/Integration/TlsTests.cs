using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Injector.Tests.Integration;

[Collection(InjectorServerCollection.Name)]
public sealed class TlsTests(InjectorServerFixture fixture)
{
    private InjectorProcess Server => fixture.Server;

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls12_and_tls13_are_accepted(SslProtocols protocol)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Server.Port);
        await using var tls = await RawHttp.OpenTlsAsync(tcp, protocol);
        Assert.Equal(protocol, tls.SslProtocol);
    }

#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 are obsolete: that is the point of the test.
    [Theory]
    [InlineData(SslProtocols.Tls11)]
    [InlineData(SslProtocols.Tls)]
    public async Task Tls_below_12_is_refused(SslProtocols protocol)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Server.Port);
        var error = await Record.ExceptionAsync(() => RawHttp.OpenTlsAsync(tcp, protocol));
        Assert.True(error is AuthenticationException or IOException, "handshake with " + protocol + " succeeded");
    }
#pragma warning restore SYSLIB0039

    [Theory]
    [InlineData("h2")]
    [InlineData("http/1.1")]
    public async Task Alpn_offers_http2_and_http11(string protocol)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Server.Port);
        await using var tls = await RawHttp.OpenTlsAsync(tcp, SslProtocols.Tls13, protocol);
        Assert.Equal(protocol, tls.NegotiatedApplicationProtocol.ToString());
    }

    [Fact]
    public async Task Self_signed_certificate_names_localhost()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Server.Port);
        await using var tls = await RawHttp.OpenTlsAsync(tcp, SslProtocols.Tls13);
        Assert.Equal("CN=localhost", tls.RemoteCertificate!.Subject);
        Assert.Contains("self-signed", Server.Output, StringComparison.Ordinal);
    }
}
