using System.CommandLine;
using Injector.Install.Manifests;

namespace Injector.Cli.Manifest;

/// <summary>Shape of <c>injector manifest</c>: options only; the work is in <see cref="ManifestCommand"/>.</summary>
internal static class ManifestCommandDefinition
{
    public static Command Create()
    {
        var revision = new Option<string>("--revision", "-r")
        {
            Description = "Revision to install (names every object injector-<revision>).",
            Required = true,
        };
        var ns = new Option<string>("--namespace", "-n")
        {
            Description = "Namespace the injector runs in.",
            DefaultValueFactory = _ => Istio.IstioNames.IstioSystemNamespace,
        };
        var image = new Option<string>("--image")
        {
            Description = "Injector container image.",
            DefaultValueFactory = _ => ManifestOptions.DefaultImage,
        };
        var replicas = new Option<int>("--replicas")
        {
            Description = "Replicas (also the autoscaler's minimum).",
            DefaultValueFactory = _ => 2,
        };
        var certs = new Option<string>("--certs")
        {
            Description = "Serving certificate: 'self' (the injector manages its CA and caBundle) or 'cert-manager'.",
            DefaultValueFactory = _ => "self",
        }.AcceptOnlyFromAmong("self", "cert-manager");
        var isDefault = new Option<bool>("--default")
        {
            Description = "Also answer the legacy istio-injection=enabled and sidecar.istio.io/inject=true labels.",
        };
        var reinvocationPolicy = new Option<string>("--reinvocation-policy")
        {
            Description = "Webhook reinvocationPolicy.",
            DefaultValueFactory = _ => "Never",
        }.AcceptOnlyFromAmong("Never", "IfNeeded");
        var timeoutSeconds = new Option<int>("--timeout-seconds")
        {
            Description = "Webhook timeoutSeconds (1-30).",
            DefaultValueFactory = _ => 10,
        };
        var monitoring = new Option<bool>("--monitoring")
        {
            Description = "Add a Prometheus Operator ServiceMonitor and PrometheusRule.",
        };
        var config = new Option<FileInfo?>("--config")
        {
            Description = "Revision config file to install (default: the embedded default, renamed to --revision).",
        };
        var operatorFiles = new Option<FileInfo[]>("--operator-file")
        {
            Description = "IstioOperator file to install instead of --config (spec.values, spec.meshConfig, ...); repeat to apply several in order.",
        };
        var fromCluster = new Option<bool>("--from-cluster")
        {
            Description = "The injector reads the revision from Istio's ConfigMaps istio-sidecar-injector[-REV] and istio[-REV] in --namespace (and gets get rights on those two only).",
        };
        var sets = new Option<string[]>("--set")
        {
            Description = "PATH=VALUE in IstioOperator paths on top of the files or the revision config; passed on to serve. Repeatable.",
        };

        var command = new Command("manifest", "Print the Kubernetes YAML that installs one injector revision.")
        {
            revision, ns, image, replicas, certs, isDefault, reinvocationPolicy, timeoutSeconds, monitoring, config, operatorFiles, sets, fromCluster,
        };
        command.SetAction((parse, ct) => CommandHandler.RunAsync(parse, ct, p => new ManifestSettings(
                new ManifestOptions(p.GetRequiredValue(revision))
                {
                    Namespace = p.GetValue(ns)!,
                    Image = p.GetValue(image)!,
                    Replicas = p.GetValue(replicas),
                    Certificates = p.GetValue(certs) == "cert-manager" ? CertificateMode.CertManager : CertificateMode.Self,
                    IsDefault = p.GetValue(isDefault),
                    ReinvocationPolicy = p.GetValue(reinvocationPolicy)!,
                    TimeoutSeconds = p.GetValue(timeoutSeconds),
                    Monitoring = p.GetValue(monitoring),
                    Sets = p.GetValue(sets) ?? [],
                    FromCluster = p.GetValue(fromCluster),
                },
                p.GetValue(config)?.FullName,
                [.. (p.GetValue(operatorFiles) ?? []).Select(f => f.FullName)]),
            ManifestCommand.RunAsync));
        return command;
    }
}
