using Microsoft.Extensions.Hosting;

namespace Injector.Kubernetes.WebhookCa;

/// <summary>
/// Runs <see cref="WebhookCaManager.ReconcileAsync"/> once at start (so a certificate exists before requests arrive;
/// start fails if the API server cannot be reached) and then every <see cref="WebhookCaOptions.ReconcileInterval"/>.
/// Wiring for <c>serve --manage-webhook-ca</c>: register the manager and this service, and give Kestrel
/// <c>ServerCertificateSelector = (_, _) =&gt; manager.CurrentCertificate</c>.
/// </summary>
internal sealed class WebhookCaHostedService(WebhookCaManager manager, WebhookCaOptions options, TimeProvider time) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await manager.ReconcileAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ReconcileInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await manager.ReconcileAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                // Keep serving the current certificate; rotation starts months before expiry, so retries have time.
                manager.LogReconcileFailed(e);
            }
        }
    }
}
