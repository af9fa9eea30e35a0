using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text.Json;
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
        // As the injector: no per-request Activity and log scope from the hosting layer.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
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
        var parse = options.Parse;
        app.MapPost("/inject", (HttpContext context) => parse == CeilingParse.None
            ? AnswerAsync(context, response)
            : ParseThenAnswerAsync(context, response, parse));
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
        await WriteAsync(context, response);
    }

    /// <summary>Buffers the whole body, does the JSON work <paramref name="parse"/> names on it, then answers.</summary>
    private static async Task ParseThenAnswerAsync(HttpContext context, byte[] response, CeilingParse parse)
    {
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(context.RequestAborted);
            if (read.IsCompleted) break;
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
        var valid = Parse(read.Buffer, parse);
        reader.AdvanceTo(read.Buffer.End);
        if (!valid)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        await WriteAsync(context, response);
    }

    private static bool Parse(in ReadOnlySequence<byte> body, CeilingParse parse)
    {
        // One contiguous span in a pooled array, as the injector parses: the reader's multi-segment path is several
        // times slower, and a fresh array per request would charge the GC to the bound.
        byte[]? rented = null;
        var json = body.First;
        if (!body.IsSingleSegment)
        {
            rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
            body.CopyTo(rented);
            json = rented.AsMemory(0, (int)body.Length);
        }
        try
        {
            if (parse == CeilingParse.Document)
            {
                using var document = JsonDocument.Parse(json);
                return document.RootElement.ValueKind == JsonValueKind.Object;
            }
            var reader = new Utf8JsonReader(json.Span);
            while (reader.Read()) { }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static async Task WriteAsync(HttpContext context, byte[] response)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = response.Length;
        await context.Response.BodyWriter.WriteAsync(response, context.RequestAborted);
    }
}
