using Injector.Hosting;

namespace Injector.Cli.Serve;

/// <summary>The parsed options of <c>injector serve</c>, flags and <c>INJECTOR_*</c> variables merged: the host's own options.</summary>
internal sealed record ServeSettings(ServeOptions Options);
