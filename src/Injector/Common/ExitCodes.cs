namespace Injector.Common;

/// <summary>Every command's exit codes (docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed or was refused: the cluster, a revision, a pod or a check said no.</summary>
    public const int Failure = 1;

    /// <summary>The command line or an input file is unusable: nothing was attempted.</summary>
    public const int BadInput = 2;
}
