using System.CommandLine;
using Injector.Install.Manifests;
using D = Injector.Cli.Manifest.ManifestCommandDefinition;

namespace Injector.Cli.Manifest;

/// <summary><c>injector manifest</c>: reads the options, renders, prints. Exit 1 with every problem on stderr.</summary>
internal static class ManifestCommand
{
    public static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var configFile = parse.GetValue(D.Config);
            var options = new ManifestOptions(parse.GetRequiredValue(D.Revision))
            {
                Namespace = parse.GetValue(D.Namespace)!,
                Image = parse.GetValue(D.Image)!,
                Replicas = parse.GetValue(D.Replicas),
                Certificates = parse.GetValue(D.Certs) == "cert-manager" ? CertificateMode.CertManager : CertificateMode.Self,
                IsDefault = parse.GetValue(D.Default),
                ReinvocationPolicy = parse.GetValue(D.ReinvocationPolicy)!,
                TimeoutSeconds = parse.GetValue(D.TimeoutSeconds),
                Monitoring = parse.GetValue(D.Monitoring),
                ConfigYaml = configFile is null ? null : File.ReadAllText(configFile.FullName),
            };
            output.Write(ManifestRenderer.Render(options));
            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine("injector manifest: " + e.Message);
            return 1;
        }
    }
}
