namespace Injector.Revisions;

/// <summary>
/// Holds the current <see cref="RevisionTable"/>. Requests take one volatile read; a reload swaps the whole table.
/// </summary>
public sealed class RevisionStore
{
    private volatile RevisionTable? _current;

    public RevisionStore(RevisionTable? initial = null) => _current = initial;

    /// <summary>The table in force, or null before the first successful load (readiness stays false).</summary>
    public RevisionTable? Current => _current;

    public void Publish(RevisionTable table) => _current = table;
}
