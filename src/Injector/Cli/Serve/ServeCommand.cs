using System.CommandLine;
using Injector.Hosting;
using D = Injector.Cli.Serve.ServeCommandDefinition;

namespace Injector.Cli.Serve;

/// <summary>What <c>injector serve</c> does: merge the options and run the server until SIGTERM/SIGINT.</summary>
internal static class ServeCommand
{
    /// <summary>Checks that span several options; null when the combination is valid.</summary>
    public static string? Validate(ServeOptions options)
    {
        if ((options.TlsCertPath is null) != (options.TlsKeyPath is null)) return "--tls-cert and --tls-key must be given together";
        if (options.Port == options.MonitoringPort) return "--port and --monitoring-port must differ";
        if (options.ManageWebhookCa && options.TlsCertPath is not null) return "--manage-webhook-ca and --tls-cert exclude each other";
        if (options.ShutdownDelay >= options.ShutdownTimeout) return "--shutdown-delay must be shorter than --shutdown-timeout";
        return null;
    }

    /// <summary>
    /// Synchronous on purpose: System.CommandLine gives asynchronous actions its own SIGTERM handler, which cancels
    /// them and exits with 143 after two seconds. The server needs the host's handler instead, so that SIGTERM starts
    /// a graceful drain and the process exits 0. Blocking the main thread here is the process's top level.
    /// </summary>
    public static int Run(ParseResult parse)
    {
        var options = new ServeOptions
        {
            Revision = parse.GetValue(D.Revision),
            ConfigPath = parse.GetValue(D.Config),
            TlsCertPath = parse.GetValue(D.TlsCert),
            TlsKeyPath = parse.GetValue(D.TlsKey),
            Port = parse.GetValue(D.Port),
            MonitoringPort = parse.GetValue(D.MonitoringPort),
            Listen = parse.GetValue(D.Listen)!,
            MonitoringListen = parse.GetValue(D.MonitoringListen)!,
            MaxBodyBytes = parse.GetValue(D.MaxBodyBytes),
            MaxConnections = parse.GetValue(D.MaxConnections),
            ShutdownDelay = parse.GetValue(D.ShutdownDelay),
            ShutdownTimeout = parse.GetValue(D.ShutdownTimeout),
            ManageWebhookCa = parse.GetValue(D.ManageWebhookCa)
                || string.Equals(Environment.GetEnvironmentVariable("INJECTOR_MANAGE_WEBHOOK_CA"), "true", StringComparison.OrdinalIgnoreCase),
            Namespace = parse.GetValue(D.Namespace)!,
        };
        if (Validate(options) is { } error)
        {
            parse.InvocationConfiguration.Error.WriteLine("injector serve: " + error);
            return 1;
        }
        return InjectorHost.RunAsync(options).GetAwaiter().GetResult();
    }
}
