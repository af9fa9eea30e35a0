using Injector.Install.Manifests;

namespace Injector.Cli.Manifest;

/// <summary>The parsed options of <c>injector manifest</c>: the render options and the revision config file or IstioOperator
/// files to install, if any.</summary>
internal sealed record ManifestSettings(ManifestOptions Options, string? ConfigFile, IReadOnlyList<string> OperatorFiles);
