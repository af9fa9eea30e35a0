using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Injector.Load.Ceiling;

/// <summary>
/// Kestrel with the injector's transport settings: HTTPS on loopback with HTTP/1.1 and HTTP/2 (ALPN), plain HTTP
/// <c>/readyz</c> on the monitoring port. <c>POST /inject</c> reads the whole body and writes a fixed answer.
/// </summary>
internal static class CeilingServer
{
    public static WebApplication Build(CeilingOptions options)
    {
        // As the injector: no appsettings reload, so no inotify watch per directory under the working directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var certificate = SelfSignedCertificate.Create();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                // As the injector does it (a selector read per handshake, so certificates can reload), not
                // UseHttps(certificate): the two differ in start-up and handshake work.
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ServerCertificateSelector = (_, _) => certificate,
                });
            });
            kestrel.Listen(IPAddress.Loopback, options.MonitoringPort, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        var response = CeilingResponse.Create(options.ResponseBytes);
        app.MapPost("/inject", (HttpContext context) => AnswerAsync(context, response));
        app.MapGet("/readyz", () => "ok");
        return app;
    }

    private static async Task AnswerAsync(HttpContext context, byte[] response)
    {
        // Read to the end: the injector must see every byte before it can answer, so the ceiling must too.
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted) break;
        }
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = response.Length;
        await context.Response.BodyWriter.WriteAsync(response, context.RequestAborted);
    }
}
