using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Injector.Hosting;

/// <summary>
/// During the shutdown delay (readiness already 503, listeners still open) every answer also ends its connection:
/// HTTP/1.1 answers carry <c>Connection: close</c>; an HTTP/2 connection gets a GOAWAY, and the streams already open
/// on it still complete. Callers holding keep-alive connections (kube-apiserver does) thus reconnect through the
/// Service, to another replica, right after an answer. Without this they kept sending on the same connection until
/// Kestrel closed it at the end of the delay, and a request crossing that close failed with "response ended
/// prematurely" on the caller's side.
/// </summary>
internal static class DrainConnectionClose
{
    public static void Use(WebApplication app)
    {
        var readiness = app.Services.GetRequiredService<ReadinessState>();
        app.Use((context, next) =>
        {
            if (readiness.IsStopping) EndConnectionAfterThisAnswer(context);
            return next(context);
        });
    }

    private static void EndConnectionAfterThisAnswer(HttpContext context)
    {
        if (HttpProtocol.IsHttp2(context.Request.Protocol))
        {
            // Graceful GOAWAY. Not used for HTTP/1.1: there it also cancels the pending read of the request body.
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }
        else
        {
            context.Response.Headers.Connection = "close";
        }
    }
}
