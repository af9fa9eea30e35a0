using System.CommandLine;

namespace Injector.Cli.Shared;

/// <summary><c>--istio-namespace</c> / <c>-i</c>: where the injector Deployments run (readiness checks).</summary>
internal static class InstallNamespaceOption
{
    public const string Default = Istio.IstioNames.IstioSystemNamespace;

    public static Option<string> Create() => new("--istio-namespace", "-i")
    {
        Description = "Namespace of the injector Deployments (injector-R or istiod-R), used to check readiness.",
        DefaultValueFactory = _ => Default,
    };
}
