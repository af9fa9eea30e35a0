using System.CommandLine;

namespace Injector.Cli.Shared;

/// <summary>
/// <c>--config</c>: where revision configs come from, as <c>serve</c> loads them (a file or a directory; default: the
/// embedded default revision). Shared by <c>kube-inject</c> and <c>diff</c> so both load revisions the same way.
/// </summary>
internal static class RevisionSourceOptions
{
    public static Option<string?> Config(string description = "Revision config file or directory (default: the embedded default revision)") =>
        new("--config") { Description = description };
}
