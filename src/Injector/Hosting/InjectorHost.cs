using System.Security.Authentication;
using System.Security.Cryptography;
using Injector.Common;
using Injector.Http;
using Injector.Limits;
using Injector.Revisions;
using Injector.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Injector.Hosting;

/// <summary>Builds and runs the server for <c>injector serve</c>. Returns the process exit code.</summary>
internal static class InjectorHost
{
    public static async Task<int> RunAsync(ServeOptions options)
    {
        // No appsettings reload: with it the host puts an inotify watch on every directory under the working directory
        // (2,000+ here; the whole file system in a container whose working directory is /) before it can serve.
        // The injector is configured by its flags only.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Off entirely: while this category is enabled at any level, ASP.NET Core starts an Activity and a log scope
        // for every request (~2 % of the server's CPU under load), for logs that have no scopes and traces nobody
        // exports. It only logs request start and end (Information); errors are logged by Kestrel and by us.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        var certificates = new CertificateStore();
        var revisions = new RevisionStore();
        builder.Services
            .AddSingleton(options)
            .AddSingleton(certificates)
            .AddSingleton(revisions)
            .AddSingleton(new InjectOptions { MaxBodyBytes = options.MaxBodyBytes, MaxBufferedBodyBytes = BufferedBodyCapacity(options.MaxBodyBytes) })
            .AddSingleton<InjectorMetrics>()
            .AddSingleton(services => new CompiledPathVerifier(options.VerifyFraction, services.GetRequiredService<InjectorMetrics>(),
                services.GetRequiredService<ILogger<CompiledPathVerifier>>()))
            .AddSingleton<ReadinessState>()
            .AddSingleton<InjectEndpoint>()
            .AddHostedService<ShutdownDrain>()
            .AddHostedService<CertificateFileWatcher>()
            .AddHostedService<MemoryTrimmer>()
            .AddSingleton<CertificateExpiryMonitor>()
            .AddHostedService(services => services.GetRequiredService<CertificateExpiryMonitor>())
            .Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        // Kestrel's buffers from a pool that hands back what a burst left behind (TrimmingMemoryPool).
        builder.Services.Replace(ServiceDescriptor.Singleton<IMemoryPoolFactory<byte>, TrimmingMemoryPoolFactory>());
        builder.Services.AddSingleton(new Kubernetes.KubeApiConnection());
        RevisionReloadHook.Register(builder.Services, options);
        ClusterFactsHook.Register(builder.Services);
        if (options.ManageWebhookCa)
        {
            WebhookCaHook.Register(builder.Services, options, certificates);
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("injector"))
            .WithMetrics(metrics => metrics
            .AddMeter(InjectorMetrics.MeterName)
            // The runtime's own meter (GC heap, GC count and pauses, working set, thread pool): what an SRE needs to
            // tell a leak from a GC budget change, and what load/soak.sh samples next to RSS.
            .AddMeter(InjectorMetrics.RuntimeMeterName)
            // The SDK reserves every metric's 2,000 points up front: over the runtime meter's instruments that was
            // ~4 MiB of idle RSS and a start-up memset, for series that carry a few attribute sets each (GC
            // generation, CPU mode). 100 there; the injector's own series (revision x reason) keep the default.
            .AddView(instrument => instrument.Meter.Name == InjectorMetrics.RuntimeMeterName ? new MetricStreamConfiguration { CardinalityLimit = 100 } : null)
            // No scrape cache: a scrape must reflect every request answered before it (the default caches 300 ms).
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            ConfigureKestrel(kestrel, options, certificates, kestrel.ApplicationServices.GetRequiredService<InjectorMetrics>(),
                kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Injector.Hosting")));

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Injector.Hosting");
        Load(options, certificates, revisions, logger, app.Services);
        MemoryTrimmer.CollectAndDecommit();

        DrainConnectionClose.Use(app);
        PortSeparation.Use(app);
        app.MapPost("/inject/{**route}", new RequestDelegate(app.Services.GetRequiredService<InjectEndpoint>().HandleAsync));
        HealthEndpoints.Map(app);
        app.MapPrometheusScrapingEndpoint("/metrics");

        try
        {
            await app.StartAsync();
        }
        catch (Exception e)
        {
            // A port in use, or (with --manage-webhook-ca) no API server access: logged for the pod's log, then one
            // error line from the root handler and exit 1, so the pod restarts with a readable reason.
            LogEvents.StartupFailed(logger, e.GetType().Name + ": " + e.Message);
            throw CommandException.Failure(e.GetType().Name + ": " + e.Message);
        }
        app.Services.GetRequiredService<InjectorMetrics>().PublishInitialValues();
        LogEvents.ServingStarted(logger, options.Listen, options.Port, options.MonitoringListen, options.MonitoringPort, revisions.Current!.Default.Name);
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ServeOptions options, CertificateStore certificates, InjectorMetrics metrics, ILogger logger)
    {
        kestrel.AddServerHeader = false;
        // The body cap is enforced by InjectEndpoint.ReadBodyAsync on the decoded bytes; Kestrel's own limit counts a
        // chunked body's framing too, so a chunked body under --max-body-bytes was refused with 413.
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.Limits.RequestHeadersTimeout = InputLimits.RequestHeadersTimeout;
        kestrel.Limits.Http2.MaxStreamsPerConnection = InputLimits.MaxStreamsPerConnection;
        var injectConnections = new ConnectionLimit(options.MaxConnections, "inject", metrics, logger);
        var monitoringConnections = new ConnectionLimit(InputLimits.MaxMonitoringConnections, "monitoring", metrics, logger);
        ListenAddress.Bind(kestrel, options.Listen, options.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.Use(injectConnections.Wrap);
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                // Read per handshake: a reload affects new connections only.
                ServerCertificateSelector = (_, _) => certificates.Current,
            });
        });
        ListenAddress.Bind(kestrel, options.MonitoringListen, options.MonitoringPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.Use(monitoringConnections.Wrap);
        });
    }

    /// <summary>The shared body budget, raised with a larger --max-body-bytes so that one body of that size still fits beside the part kept for small ones.</summary>
    private static long BufferedBodyCapacity(long maxBodyBytes) =>
        Math.Max(InputLimits.MaxBufferedBodyBytes, maxBodyBytes + InputLimits.BufferedBytesKeptForSmallBodies);

    /// <summary>
    /// The revision table and the certificate, before serving. A failure is logged (event <c>StartupFailed</c>) and
    /// thrown as the command's error for the root handler: exit 1, as every start-up failure of the server (a bad
    /// revision or certificate, what the cluster answers with <c>--from-cluster</c>, a port in use), so the pod
    /// restarts with the reason; only flags that do not parse are exit 2, before anything is read.
    /// </summary>
    private static void Load(ServeOptions options, CertificateStore certificates, RevisionStore revisions, ILogger logger, IServiceProvider services)
    {
        try
        {
            // The one load at start; the reload service is told what it read, so it loads again only on a change.
            var table = options.Source.FromCluster ? LoadFromCluster(options, services) : services.GetRequiredService<RevisionReloadService>().LoadAtStart();
            revisions.Publish(table);
            LogEvents.RevisionsLoaded(logger, table.Revisions.Count, table.Default.Name);

            // With --manage-webhook-ca the certificate arrives from WebhookCaManager; readiness waits for it.
            if (options.ManageWebhookCa) return;
            if (options.TlsCertPath is { } certPath && options.TlsKeyPath is { } keyPath)
            {
                var certificate = CertificateFiles.LoadPem(certPath, keyPath);
                certificates.Publish(certificate);
                LogEvents.CertificateLoaded(logger, certificate.Subject, certificate.NotAfter.ToUniversalTime(), certPath);
            }
            else
            {
                certificates.Publish(CertificateFiles.CreateSelfSigned());
                LogEvents.SelfSignedCertificate(logger);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or CryptographicException or ArgumentException
            or Kubernetes.KubeApiException or HttpRequestException or OperationCanceledException)
        {
            LogEvents.StartupFailed(logger, e.Message);
            throw CommandException.Failure(e.Message);
        }
    }

    // The first read of the cluster's ConfigMaps; the reload service keeps reading them.
    private static RevisionTable LoadFromCluster(ServeOptions options, IServiceProvider services)
    {
        var source = services.GetRequiredService<Kubernetes.InstallConfig.ClusterRevisionSource>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var texts = source.ReadAsync(timeout.Token).GetAwaiter().GetResult();
        var table = RevisionLoader.LoadTexts(texts, options.Source.Revision);
        services.GetRequiredService<ClusterRevisionReloadService>().Loaded(texts);
        return table;
    }
}
