namespace Injector.Webhooks;

/// <summary>The revisions and tags the installed webhook configurations define; resolves a name to its revision.</summary>
internal sealed class RevisionCatalog
{
    private readonly SortedSet<string> _revisions = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _tags = new(StringComparer.Ordinal);

    public RevisionCatalog(IReadOnlyList<WebhookConfiguration> configurations)
    {
        foreach (var configuration in configurations)
        {
            if (configuration.Revision is not { } revision) continue;
            if (configuration.Tag is { } tag) _tags[tag] = revision;
            else _revisions.Add(revision);
        }
    }

    public IReadOnlyCollection<string> Revisions => _revisions;

    /// <summary>Tag to revision.</summary>
    public IReadOnlyDictionary<string, string> Tags => _tags;

    /// <summary>
    /// The revision a name selects: a revision that has its own webhook configuration, else the revision a tag points
    /// at; null when neither exists. A tag wins over a same-named revision only when there is no such revision.
    /// </summary>
    public string? Resolve(string name)
    {
        if (_revisions.Contains(name)) return name;
        return _tags.TryGetValue(name, out var revision) ? revision : null;
    }

    /// <summary>Every name <see cref="Resolve"/> accepts, for error messages.</summary>
    public string KnownNames => _revisions.Count + _tags.Count == 0
        ? "none"
        : string.Join(", ", _revisions.Concat(_tags.Keys.Select(t => t + " (tag)")));
}
