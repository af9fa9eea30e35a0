using Injector.Kubernetes;
using Injector.Kubernetes.WebhookCa;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Injector.Hosting;

/// <summary>
/// <c>serve --manage-webhook-ca</c>: the serving certificate comes from the shared <c>injector-R-tls</c> Secret that
/// <see cref="WebhookCaManager"/> creates and rotates, and it keeps the revision's webhook caBundles current.
/// Readiness stays false until the first certificate is published.
/// </summary>
internal static class WebhookCaHook
{
    public static void Register(IServiceCollection services, ServeOptions options, string revision, CertificateStore certificates)
    {
        var caOptions = new WebhookCaOptions { Revision = revision, Namespace = options.Namespace };
        services
            .AddSingleton(caOptions)
            .AddSingleton(TimeProvider.System)
            .AddSingleton(sp => new WebhookCaManager(
                KubeClientFactory.CreateApi(null, null),
                caOptions,
                TimeProvider.System,
                sp.GetRequiredService<ILogger<WebhookCaManager>>())
            {
                OnServingCertificate = certificates.Publish,
            })
            .AddHostedService<WebhookCaHostedService>();
    }
}
