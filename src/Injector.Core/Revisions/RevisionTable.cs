using System.Collections.Frozen;
using Injector.Injection;

namespace Injector.Revisions;

/// <summary>An immutable snapshot of every revision this process serves. Replaced whole on reload.</summary>
public sealed class RevisionTable
{
    public RevisionTable(string defaultRevision, IEnumerable<CompiledRevision> revisions)
    {
        Revisions = revisions.ToFrozenDictionary(r => r.Name, StringComparer.Ordinal);
        if (!Revisions.TryGetValue(defaultRevision, out var d))
        {
            throw new InvalidDataException($"revision '{defaultRevision}' is not among the loaded revisions");
        }
        Default = d;
    }

    public CompiledRevision Default { get; }
    public FrozenDictionary<string, CompiledRevision> Revisions { get; }

    public bool TryGet(string name, out CompiledRevision revision) => Revisions.TryGetValue(name, out revision!);
}
