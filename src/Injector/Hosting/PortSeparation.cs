using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Injector.Hosting;

/// <summary>
/// Keeps the two listeners apart: <c>/inject</c> only on the TLS port, monitoring routes only on the plaintext one.
/// Decided by the connection's scheme, which the client cannot forge, not by the Host header.
/// </summary>
internal static class PortSeparation
{
    public static void Use(WebApplication app) => app.Use(static (context, next) =>
    {
        var isInject = context.Request.Path.StartsWithSegments("/inject");
        if (context.Request.IsHttps == isInject) return next(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(isInject
            ? "/inject is served only on the HTTPS port (--port)\n"
            : "not found on the HTTPS port; /metrics, /healthz and /readyz are on --monitoring-port\n");
    });
}
