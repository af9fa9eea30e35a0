using System.CommandLine;
using Injector.Cli.Shared;
using Injector.Hosting;
using Injector.Http;

namespace Injector.Cli.Serve;

/// <summary>The shape of <c>injector serve</c>: its options, each with an <c>INJECTOR_*</c> environment twin.</summary>
internal static class ServeCommandDefinition
{
    private static readonly RevisionSourceOptions Source = RevisionSourceOptions.ForServe();
    private static readonly Option<string?> TlsCert = EnvironmentOption.CreateString("--tls-cert", "INJECTOR_TLS_CERT",
        "PEM certificate for the HTTPS port, reloaded on change (default: in-memory self-signed for localhost)");
    private static readonly Option<string?> TlsKey = EnvironmentOption.CreateString("--tls-key", "INJECTOR_TLS_KEY",
        "PEM private key matching --tls-cert");
    private static readonly Option<int> Port = EnvironmentOption.Create("--port", "INJECTOR_PORT",
        "HTTPS port for /inject (HTTP/1.1 and HTTP/2, TLS 1.2+)", 15017, TryParsePort, "a port number (1-65535)");
    private static readonly Option<int> MonitoringPort = EnvironmentOption.Create("--monitoring-port", "INJECTOR_MONITORING_PORT",
        "Plain HTTP port for /metrics, /healthz and /readyz", 15014, TryParsePort, "a port number (1-65535)");
    private static readonly Option<string> Listen = EnvironmentOption.Create("--listen", "INJECTOR_LISTEN",
        "Address for the HTTPS port: * (all interfaces), localhost or an IP address", "*", TryParseAddress, "*, localhost or an IP address");
    private static readonly Option<string> MonitoringListen = EnvironmentOption.Create("--monitoring-listen", "INJECTOR_MONITORING_LISTEN",
        "Address for the monitoring port: * (all interfaces), localhost or an IP address", "*", TryParseAddress, "*, localhost or an IP address");
    private static readonly Option<long> MaxBodyBytes = EnvironmentOption.Create("--max-body-bytes", "INJECTOR_MAX_BODY_BYTES",
        "Largest accepted AdmissionReview body; larger requests get 413", InjectOptions.DefaultMaxBodyBytes, TryParsePositive, "a positive number of bytes");
    private static readonly Option<int> MaxConnections = EnvironmentOption.Create("--max-connections", "INJECTOR_MAX_CONNECTIONS",
        "Most open connections on the HTTPS port; more are closed at once (the monitoring port has its own 64)",
        Limits.InputLimits.DefaultMaxConnections, TryParsePositiveInt, "a positive number");
    private static readonly Option<double> VerifyFraction = EnvironmentOption.Create("--verify-fraction", "INJECTOR_VERIFY_FRACTION",
        "Share of compiled-path answers also rendered by Istio's algorithm and compared after the answer is written (0..1); "
        + "differences count sidecar_injection_divergence_total", 0d, TryParseFraction, "a number from 0 to 1");
    private static readonly Option<TimeSpan> ShutdownDelay = EnvironmentOption.Create("--shutdown-delay", "INJECTOR_SHUTDOWN_DELAY",
        "After SIGTERM, keep accepting requests this long while /readyz reports 503 (Go duration, e.g. 2s)", TimeSpan.FromSeconds(2), TryParseDuration, "a duration such as 2s");
    private static readonly Option<TimeSpan> ShutdownTimeout = EnvironmentOption.Create("--shutdown-timeout", "INJECTOR_SHUTDOWN_TIMEOUT",
        "Longest whole shutdown (delay + drain of in-flight requests) before the process exits (Go duration, e.g. 20s)", TimeSpan.FromSeconds(20), TryParseDuration, "a duration such as 20s");

    private static readonly Option<bool> ManageWebhookCa = new("--manage-webhook-ca")
    {
        Description = "Create the CA and serving certificate in the Secret injector-<revision>-tls (shared by replicas), rotate it, "
            + "and keep this revision's webhook caBundle current; needs in-cluster or kubeconfig access [env: INJECTOR_MANAGE_WEBHOOK_CA=true]",
    };
    private static readonly Option<string?> Namespace = EnvironmentOption.CreateString("--namespace", "POD_NAMESPACE",
        "Install namespace: holds the certificate Secret (--manage-webhook-ca) and Istio's ConfigMaps (--from-cluster)", Istio.IstioNames.IstioSystemNamespace);
    private static readonly Option<bool> FromCluster = new("--from-cluster")
    {
        Description = "Read the revision from a running install's ConfigMaps istio-sidecar-injector[-REV] and istio[-REV] in --namespace "
            + "and reload when they change; needs in-cluster or kubeconfig access [env: INJECTOR_FROM_CLUSTER=true]",
    };

    public static Command Create()
    {
        var command = new Command("serve", "Serve the sidecar-injection webhook: POST /inject over HTTPS, metrics and health over HTTP.")
        {
            TlsCert, TlsKey, Port, MonitoringPort, Listen, MonitoringListen, MaxBodyBytes, MaxConnections, ShutdownDelay, ShutdownTimeout,
            ManageWebhookCa, Namespace, FromCluster, VerifyFraction,
        };
        Source.AddTo(command);
        // Synchronous on purpose: System.CommandLine gives asynchronous actions its own SIGTERM handler, which cancels
        // them and exits with 143 after two seconds. The server needs the host's handler instead, so that SIGTERM starts
        // a graceful drain and the process exits 0. Blocking the main thread here is the process's top level.
        command.SetAction(parse => CommandHandler.Run(parse, Bind, ServeCommand.Run));
        return command;
    }

    private static ServeSettings Bind(ParseResult parse) => new(new ServeOptions
    {
        Source = Source.Bind(parse) with
        {
            FromCluster = parse.GetValue(FromCluster)
                || string.Equals(Environment.GetEnvironmentVariable("INJECTOR_FROM_CLUSTER"), "true", StringComparison.OrdinalIgnoreCase),
            ClusterNamespace = parse.GetValue(Namespace)!,
        },
        TlsCertPath = parse.GetValue(TlsCert),
        TlsKeyPath = parse.GetValue(TlsKey),
        Port = parse.GetValue(Port),
        MonitoringPort = parse.GetValue(MonitoringPort),
        Listen = parse.GetValue(Listen)!,
        MonitoringListen = parse.GetValue(MonitoringListen)!,
        MaxBodyBytes = parse.GetValue(MaxBodyBytes),
        MaxConnections = parse.GetValue(MaxConnections),
        ShutdownDelay = parse.GetValue(ShutdownDelay),
        ShutdownTimeout = parse.GetValue(ShutdownTimeout),
        ManageWebhookCa = parse.GetValue(ManageWebhookCa)
            || string.Equals(Environment.GetEnvironmentVariable("INJECTOR_MANAGE_WEBHOOK_CA"), "true", StringComparison.OrdinalIgnoreCase),
        Namespace = parse.GetValue(Namespace)!,
        VerifyFraction = parse.GetValue(VerifyFraction),
    });

    private static bool TryParseFraction(string text, out double value) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value)
        && value is >= 0 and <= 1;

    private static bool TryParsePort(string text, out int port) => int.TryParse(text, out port) && port is > 0 and <= 65535;

    private static bool TryParsePositive(string text, out long value) => long.TryParse(text, out value) && value > 0;

    private static bool TryParsePositiveInt(string text, out int value) => int.TryParse(text, out value) && value > 0;

    private static bool TryParseDuration(string text, out TimeSpan value) => GoDuration.TryParse(text, out value);

    private static bool TryParseAddress(string text, out string value)
    {
        value = text;
        return ListenAddress.IsValid(text);
    }
}
