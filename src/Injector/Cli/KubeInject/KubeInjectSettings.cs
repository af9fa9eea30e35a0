namespace Injector.Cli.KubeInject;

/// <summary>The parsed options of <c>injector kube-inject</c>.</summary>
internal sealed record KubeInjectSettings(string Filename, Revisions.RevisionSource Source, string? OutputPath)
{
    public bool ReadsStdin => Filename == "-";
}
