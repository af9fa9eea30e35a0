using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Injector.Common;
using Injector.Istio;
using Injector.Telemetry;
using Microsoft.Extensions.Logging;

namespace Injector.Kubernetes.WebhookCa;

/// <summary>
/// Owns the webhook's CA for one revision: keeps the shared Secret <c>injector-R-tls</c>, the caBundle of the
/// revision's webhook configurations (and of tags pointing at it) and the certificate this replica serves in step,
/// following <see cref="CaRotationPlanner"/>. Every replica runs it; they agree through the Secret (create-if-absent,
/// resourceVersion on every update) and compute the same bundle from it. The calls it makes are listed as rights in
/// <see cref="WebhookCaAccess"/>, and the webhooks it writes in <see cref="WebhookCaScope"/>: keep both in step with it.
/// </summary>
internal sealed partial class WebhookCaManager(KubeApi api, WebhookCaOptions options, TimeProvider time, ILogger<WebhookCaManager> logger)
{
    /// <summary>Steps per reconcile before giving up until the next one (each step re-reads the Secret).</summary>
    private const int MaxSteps = 12;

    private volatile X509Certificate2? _serving;
    private string? _servingPem;

    /// <summary>The certificate to serve, or null before the first successful reconcile. For Kestrel's ServerCertificateSelector.</summary>
    public X509Certificate2? CurrentCertificate => _serving;

    /// <summary>Called with each new serving certificate (e.g. <c>CertificateStore.Publish</c> in serve).</summary>
    public Action<X509Certificate2>? OnServingCertificate { get; init; }

    private string SecretsPath => "/api/v1/namespaces/" + Uri.EscapeDataString(options.Namespace) + "/secrets";

    private string ConfigurationsQuery => InjectorCluster.WebhookConfigurations + "?labelSelector="
        + Uri.EscapeDataString(IstioNames.WebhookConfigurationSelector + "," + IstioNames.RevisionLabel + "=" + options.Revision);

    public async Task ReconcileAsync(CancellationToken ct)
    {
        CaSecretState? state = null;
        for (var i = 0; i < MaxSteps; i++)
        {
            var secret = await api.GetAsync(SecretsPath + "/" + options.SecretName, ct).ConfigureAwait(false);
            state = secret is null ? null : CaSecretState.FromSecret(secret);
            var configurations = state is null ? [] : await api.ListAsync(ConfigurationsQuery, ct).ConfigureAwait(false);
            var bundle = state is null ? "" : Convert.ToBase64String(Encoding.UTF8.GetBytes(state.BundlePem()));
            var now = time.GetUtcNow();
            var step = CaRotationPlanner.Decide(state, BundlesUpToDate(configurations, bundle), now, options);
            Log.Step(logger, options.Revision, step);
            switch (step)
            {
                case CaStep.Steady:
                    Serve(state!);
                    return;
                case CaStep.Create:
                    await CreateAsync(secret, now, ct).ConfigureAwait(false);
                    break;
                case CaStep.PublishBundle:
                    await PublishBundleAsync(configurations, bundle, ct).ConfigureAwait(false);
                    break;
                case CaStep.MarkNextPublished:
                    await UpdateAsync(secret!, state!.MarkNextPublished(now), ct).ConfigureAwait(false);
                    break;
                case CaStep.Promote:
                    await UpdateAsync(secret!, state!.Promote(), ct).ConfigureAwait(false);
                    break;
                case CaStep.DropPrevious:
                    await UpdateAsync(secret!, state!.DropPrevious(), ct).ConfigureAwait(false);
                    break;
                case CaStep.StageNext:
                    await UpdateAsync(secret!, state!.StageNext(WebhookCertificateFactory.Create(options, now)), ct).ConfigureAwait(false);
                    break;
            }
        }
        // Still moving (e.g. other replicas keep winning updates): serve what the Secret says now; next reconcile continues.
        if (state is not null) Serve(state);
    }

    private bool BundlesUpToDate(IReadOnlyList<JsonObject> configurations, string bundle)
    {
        foreach (var configuration in configurations)
        {
            foreach (var (_, webhook) in WebhookCaScope.ManagedWebhooks(configuration, options))
            {
                if (JsonFields.String(webhook["clientConfig"]?["caBundle"]) != bundle) return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Creates the Secret if absent. On 409 another replica won the race; the next step reads its pair, so all replicas
    /// serve certificates from the same CA. A Secret that exists but is unreadable is replaced.
    /// </summary>
    private async Task CreateAsync(JsonObject? existing, DateTimeOffset now, CancellationToken ct)
    {
        var state = new CaSecretState(WebhookCertificateFactory.Create(options, now), null, null, null);
        if (existing is not null)
        {
            Log.ReplacingUnreadableSecret(logger, options.SecretName);
            await UpdateAsync(existing, state, ct).ConfigureAwait(false);
            return;
        }
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = options.SecretName,
                ["namespace"] = options.Namespace,
                ["labels"] = new JsonObject { [IstioNames.AppLabel] = IstioNames.SidecarInjectorApp, [IstioNames.RevisionLabel] = options.Revision },
            },
            ["type"] = "Opaque",
            ["data"] = state.ToSecretData(),
        };
        if (await api.CreateAsync(SecretsPath, secret, ct).ConfigureAwait(false) is null)
        {
            Log.LostCreateRace(logger, options.SecretName);
        }
    }

    /// <summary>Replaces the Secret's data under its resourceVersion; a 409 means another replica moved first (re-read next step).</summary>
    private async Task UpdateAsync(JsonObject secret, CaSecretState state, CancellationToken ct)
    {
        var updated = (JsonObject)secret.DeepClone();
        updated["data"] = state.ToSecretData();
        if (await api.ReplaceAsync(SecretsPath + "/" + options.SecretName, updated, ct).ConfigureAwait(false) is null)
        {
            Log.LostUpdateRace(logger, options.SecretName);
        }
    }

    private async Task PublishBundleAsync(IReadOnlyList<JsonObject> configurations, string bundle, CancellationToken ct)
    {
        foreach (var configuration in configurations)
        {
            var patch = new JsonArray();
            foreach (var (index, webhook) in WebhookCaScope.ManagedWebhooks(configuration, options))
            {
                if (JsonFields.String(webhook["clientConfig"]?["caBundle"]) == bundle) continue;
                var path = "/webhooks/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                // The test guards against the list being reordered between our read and this write.
                patch.Add((JsonNode)new JsonObject { ["op"] = "test", ["path"] = path + "/name", ["value"] = JsonFields.String(webhook["name"]) });
                patch.Add((JsonNode)new JsonObject { ["op"] = "add", ["path"] = path + "/clientConfig/caBundle", ["value"] = bundle });
            }
            if (patch.Count == 0) continue;
            var name = JsonFields.Name(configuration);
            await api.PatchAsync(InjectorCluster.WebhookConfigurations + "/" + Uri.EscapeDataString(name), patch, KubeApi.JsonPatch, ct).ConfigureAwait(false);
            Log.BundlePatched(logger, name, options.Revision);
        }
    }

    private void Serve(CaSecretState state)
    {
        if (state.Current.ServingCertificatePem == _servingPem) return;
        _serving = state.Current.LoadServingCertificate();
        _servingPem = state.Current.ServingCertificatePem;
        OnServingCertificate?.Invoke(_serving);
        Log.Serving(logger, options.Revision, _serving.Thumbprint, _serving.NotAfter.ToUniversalTime());
    }

    private static partial class Log
    {
        // Event IDs: Telemetry/LogEventIds (4100-4199).
        [LoggerMessage(LogEventIds.WebhookCaStep, LogLevel.Debug, "Webhook CA for revision {Revision}: {Step}", EventName = "WebhookCaStep")]
        public static partial void Step(ILogger logger, string revision, CaStep step);

        [LoggerMessage(LogEventIds.WebhookCaLostCreateRace, LogLevel.Information, "Another replica created Secret {Secret} first; using its certificate", EventName = "WebhookCaLostCreateRace")]
        public static partial void LostCreateRace(ILogger logger, string secret);

        [LoggerMessage(LogEventIds.WebhookCaLostUpdateRace, LogLevel.Information, "Secret {Secret} changed under us; re-reading", EventName = "WebhookCaLostUpdateRace")]
        public static partial void LostUpdateRace(ILogger logger, string secret);

        [LoggerMessage(LogEventIds.WebhookCaBundlePatched, LogLevel.Information, "Updated caBundle of {Configuration} (revision {Revision})", EventName = "WebhookCaBundlePatched")]
        public static partial void BundlePatched(ILogger logger, string configuration, string revision);

        [LoggerMessage(LogEventIds.WebhookCaServing, LogLevel.Information, "Serving webhook certificate {Thumbprint} for revision {Revision}, valid until {NotAfter:O}", EventName = "WebhookCaServing")]
        public static partial void Serving(ILogger logger, string revision, string thumbprint, DateTime notAfter);

        [LoggerMessage(LogEventIds.WebhookCaReplacingSecret, LogLevel.Warning, "Secret {Secret} has no readable certificate pair; replacing it", EventName = "WebhookCaReplacingSecret")]
        public static partial void ReplacingUnreadableSecret(ILogger logger, string secret);

        [LoggerMessage(LogEventIds.WebhookCaReconcileFailed, LogLevel.Warning, "Webhook CA reconcile failed; retrying in {Interval}", EventName = "WebhookCaReconcileFailed")]
        public static partial void ReconcileFailed(ILogger logger, Exception exception, TimeSpan interval);
    }

    /// <summary>Logs a failed reconcile for the hosted service (the loop keeps going).</summary>
    internal void LogReconcileFailed(Exception exception) => Log.ReconcileFailed(logger, exception, options.ReconcileInterval);
}
