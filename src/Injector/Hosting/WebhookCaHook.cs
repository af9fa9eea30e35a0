using Injector.Kubernetes;
using Injector.Kubernetes.WebhookCa;
using Injector.Revisions;
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
    public static void Register(IServiceCollection services, ServeOptions options, CertificateStore certificates)
    {
        services
            // Resolved when the hosted services start, after the revisions are loaded: the Secret is named after the
            // served revision, which only the loaded config knows.
            .AddSingleton(sp => new WebhookCaOptions
            {
                Revision = sp.GetRequiredService<RevisionStore>().Current!.Default.Name,
                Namespace = options.Namespace,
            })
            .AddSingleton(TimeProvider.System)
            .AddSingleton(sp => new WebhookCaManager(
                sp.GetRequiredService<KubeApiConnection>().Api,
                sp.GetRequiredService<WebhookCaOptions>(),
                TimeProvider.System,
                sp.GetRequiredService<ILogger<WebhookCaManager>>())
            {
                OnServingCertificate = certificates.Publish,
            })
            .AddHostedService<WebhookCaHostedService>();
    }
}
