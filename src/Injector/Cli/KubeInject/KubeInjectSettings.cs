namespace Injector.Cli.KubeInject;

/// <summary>The parsed options of <c>injector kube-inject</c>.</summary>
internal sealed record KubeInjectSettings(string Filename, string? ConfigPath, string? Revision, string? OutputPath)
{
    public bool ReadsStdin => Filename == "-";
}
