namespace Injector.Telemetry;

/// <summary>
/// The one registry of log event IDs: every <c>[LoggerMessage]</c> in the executable takes its ID from here, so IDs
/// are unique and stable (dashboards and alerts match them). Ranges: 1-99 the server (<see cref="LogEvents"/>),
/// 3100-3199 revision reloading, 4100-4199 the webhook CA manager, 5100-5199 the cluster facts (nodes, namespaces). A test checks every ID is used exactly once.
/// </summary>
internal static class LogEventIds
{
    // The server: start, TLS, requests, shutdown (Telemetry/LogEvents.cs). Next free: 17.
    public const int ServingStarted = 1;
    public const int SelfSignedCertificate = 2;
    public const int CertificateLoaded = 3;
    public const int CertificateReloadFailed = 4;
    public const int RevisionsLoaded = 5;
    public const int ShutdownStarted = 6;
    public const int RequestHandled = 7;
    public const int UnhandledException = 8;
    public const int RequestRefused = 9;
    public const int StartupFailed = 10;
    public const int CertificateReloaded = 11;
    public const int ShutdownCompleted = 12;
    public const int CertificateExpiring = 13;
    public const int ConnectionLimitReached = 14;
    public const int CompiledPathDivergence = 15;
    public const int CompiledPathCheckFailed = 16;

    // Revision reloading (Revisions/RevisionReloadService.cs, Revisions/ClusterRevisionReloadService.cs). Next free: 3105.
    public const int RevisionsReloaded = 3100;
    public const int RevisionReloadFailed = 3101;
    public const int RevisionWatchUnavailable = 3102;
    public const int ClusterRevisionReloaded = 3103;
    public const int ClusterRevisionReloadFailed = 3104;

    // The webhook CA manager (Kubernetes/WebhookCa/WebhookCaManager.cs). Next free: 4107.
    public const int WebhookCaStep = 4100;
    public const int WebhookCaLostCreateRace = 4101;
    public const int WebhookCaLostUpdateRace = 4102;
    public const int WebhookCaBundlePatched = 4103;
    public const int WebhookCaServing = 4104;
    public const int WebhookCaReplacingSecret = 4105;
    public const int WebhookCaReconcileFailed = 4106;

    // The cluster facts: node and namespace watches (Kubernetes/ClusterFacts). Next free: 5105.
    public const int ClusterFactsWatchSynced = 5100;
    public const int ClusterFactsWatchFailed = 5101;
    public const int ClusterFactsUnavailable = 5102;
    public const int ClusterFactsStarted = 5103;
    public const int ClusterFactsStopped = 5104;
}
