using Injector.Kubernetes;
using Injector.Kubernetes.InstallConfig;
using Injector.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Injector.Revisions;

/// <summary>
/// <c>serve --from-cluster</c>: re-reads the revision's ConfigMaps every <see cref="PollInterval"/> and publishes a new
/// <see cref="RevisionTable"/> when their content changed. As with files, a load is all or nothing: a bad update keeps
/// the last good revision, is logged once per content and counted (<c>injector_config_reload_failures_total</c>);
/// an API server that cannot be reached is logged and retried. Polling (two GETs) instead of a watch keeps the rights
/// to <c>get</c> on two named ConfigMaps.
/// </summary>
internal sealed partial class ClusterRevisionReloadService(
    ClusterRevisionSource source, RevisionStore store, string? revision, ILogger<ClusterRevisionReloadService> logger, Action<Exception> onReloadFailure)
    : BackgroundService
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    private string? _lastContent;

    /// <summary>The content the startup load used, so an unchanged cluster does not reload.</summary>
    public void Loaded(Istio.Install.InstallTexts texts) => _lastContent = Content(texts);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await ReloadIfChangedAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads and, when changed, loads and publishes. True when a new table was published.</summary>
    internal async Task<bool> ReloadIfChangedAsync(CancellationToken ct)
    {
        Istio.Install.InstallTexts texts;
        try
        {
            texts = await source.ReadAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or IOException)
        {
            Log.ReloadFailed(logger, Describe(), ex.Message);
            return false; // the API server may come back; the content has not been judged
        }
        catch (InvalidDataException ex)
        {
            return Failed(ex.Message, ex);
        }

        var content = Content(texts);
        if (content == _lastContent) return false;
        _lastContent = content; // a broken content is reported once, not every poll
        RevisionTable table;
        try
        {
            table = RevisionLoader.LoadTexts(texts, revision);
        }
        catch (InvalidDataException ex)
        {
            return Failed(ex.Message, ex);
        }
        store.Publish(table);
        Log.Reloaded(logger, Describe(), table.Default.Name);
        return true;
    }

    private bool Failed(string message, Exception ex)
    {
        Log.ReloadFailed(logger, Describe(), message);
        onReloadFailure(ex);
        return false;
    }

    private string Describe() => source.Namespace + "/" + source.InjectorConfigMap + ", " + source.Namespace + "/" + source.MeshConfigMap;

    private static string Content(Istio.Install.InstallTexts texts) => string.Join('\u0000', texts.ValuesJson, texts.ConfigYaml, texts.MeshYaml);

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.ClusterRevisionReloaded, LogLevel.Information, "Loaded revision '{Served}' from ConfigMaps {ConfigMaps}", EventName = "ClusterRevisionReloaded")]
        public static partial void Reloaded(ILogger logger, string configMaps, string served);

        [LoggerMessage(LogEventIds.ClusterRevisionReloadFailed, LogLevel.Error, "ConfigMaps {ConfigMaps} were not loaded; the previous revision stays in force: {Reason}", EventName = "ClusterRevisionReloadFailed")]
        public static partial void ReloadFailed(ILogger logger, string configMaps, string reason);
    }
}
