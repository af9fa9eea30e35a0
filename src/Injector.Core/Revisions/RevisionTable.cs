using System.Collections.Frozen;

namespace Injector.Revisions;

/// <summary>An immutable snapshot of every revision this process serves. Replaced whole on reload.</summary>
public sealed class RevisionTable
{
    public RevisionTable(string defaultRevision, IEnumerable<ServedRevision> revisions)
    {
        Revisions = revisions.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);
        if (!Revisions.TryGetValue(defaultRevision, out var d))
        {
            throw new InvalidDataException($"revision '{defaultRevision}' is not among the loaded revisions");
        }
        Default = d;
    }

    /// <summary>The revision served on <c>/inject</c> (other revisions on <c>/inject/rev/NAME</c>).</summary>
    public ServedRevision Default { get; }
    public FrozenDictionary<string, ServedRevision> Revisions { get; }

    public bool TryGet(string name, out ServedRevision revision) => Revisions.TryGetValue(name, out revision!);
}
