using Injector.Common;
using Injector.Hosting;

namespace Injector.Cli.Serve;

/// <summary>What <c>injector serve</c> does: check the options that span several flags and run the server until SIGTERM/SIGINT.</summary>
internal static class ServeCommand
{
    /// <summary>Checks that span several options; null when the combination is valid.</summary>
    public static string? Validate(ServeOptions options)
    {
        if ((options.TlsCertPath is null) != (options.TlsKeyPath is null)) return "--tls-cert and --tls-key must be given together";
        if (options.Port == options.MonitoringPort) return "--port and --monitoring-port must differ";
        if (options.ManageWebhookCa && options.TlsCertPath is not null) return "--manage-webhook-ca and --tls-cert exclude each other";
        if (options.ShutdownDelay >= options.ShutdownTimeout) return "--shutdown-delay must be shorter than --shutdown-timeout";
        if (options.Source.FromCluster && (options.Source.WatchedPaths.Count > 0 || options.Source.Sets.Count > 0))
        {
            return "--from-cluster reads the revision from the cluster: it excludes --config, --operator-file, --set, --inject-config-dir and --mesh-config";
        }
        return null;
    }

    public static int Run(ServeSettings settings, CommandIo io)
    {
        if (Validate(settings.Options) is { } error) throw CommandException.BadInput(error);
        return InjectorHost.RunAsync(settings.Options).GetAwaiter().GetResult();
    }
}
