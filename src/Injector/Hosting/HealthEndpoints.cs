using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Injector.Hosting;

/// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: 200 only when it can serve injections.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", static context =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("ok\n");
        });
        app.MapGet("/readyz", static context =>
        {
            var reason = context.RequestServices.GetRequiredService<ReadinessState>().NotReadyReason();
            context.Response.StatusCode = reason is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync((reason ?? "ready") + "\n");
        });
    }
}
