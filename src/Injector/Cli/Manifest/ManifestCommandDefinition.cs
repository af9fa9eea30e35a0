using System.CommandLine;

namespace Injector.Cli.Manifest;

/// <summary>Shape of <c>injector manifest</c>: options only; the work is in <see cref="ManifestCommand"/>.</summary>
internal static class ManifestCommandDefinition
{
    public static readonly Option<string> Revision = new("--revision", "-r")
    {
        Description = "Revision to install (names every object injector-<revision>).",
        Required = true,
    };

    public static readonly Option<string> Namespace = new("--namespace", "-n")
    {
        Description = "Namespace the injector runs in.",
        DefaultValueFactory = _ => "istio-system",
    };

    public static readonly Option<string> Image = new("--image")
    {
        Description = "Injector container image.",
        DefaultValueFactory = _ => Install.Manifests.ManifestOptions.DefaultImage,
    };

    public static readonly Option<int> Replicas = new("--replicas")
    {
        Description = "Replicas (also the autoscaler's minimum).",
        DefaultValueFactory = _ => 2,
    };

    public static readonly Option<string> Certs = new Option<string>("--certs")
    {
        Description = "Serving certificate: 'self' (the injector manages its CA and caBundle) or 'cert-manager'.",
        DefaultValueFactory = _ => "self",
    }.AcceptOnlyFromAmong("self", "cert-manager");

    public static readonly Option<bool> Default = new("--default")
    {
        Description = "Also answer the legacy istio-injection=enabled and sidecar.istio.io/inject=true labels.",
    };

    public static readonly Option<string> ReinvocationPolicy = new Option<string>("--reinvocation-policy")
    {
        Description = "Webhook reinvocationPolicy.",
        DefaultValueFactory = _ => "Never",
    }.AcceptOnlyFromAmong("Never", "IfNeeded");

    public static readonly Option<int> TimeoutSeconds = new("--timeout-seconds")
    {
        Description = "Webhook timeoutSeconds (1-30).",
        DefaultValueFactory = _ => 10,
    };

    public static readonly Option<bool> Monitoring = new("--monitoring")
    {
        Description = "Add a Prometheus Operator ServiceMonitor and PrometheusRule.",
    };

    public static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "Revision config file to install (default: the embedded default, renamed to --revision).",
    };

    public static Command Create()
    {
        var command = new Command("manifest", "Print the Kubernetes YAML that installs one injector revision.")
        {
            Revision, Namespace, Image, Replicas, Certs, Default, ReinvocationPolicy, TimeoutSeconds, Monitoring, Config,
        };
        command.SetAction(ManifestCommand.Run);
        return command;
    }
}
