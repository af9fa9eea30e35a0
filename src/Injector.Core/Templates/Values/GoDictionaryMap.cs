namespace Injector.Templates.Values;

/// <summary>
/// What <see cref="GoAnyMap"/> and <see cref="GoStringMap"/> share: ordinal string keys over a dictionary, Go's key
/// order for ranging and printing, and the change rules. A read-only map (shared: revision values, pod data) sorts
/// its keys when built and never changes; a mutable one belongs to one template run, which sorts on first range
/// after a change.
/// </summary>
public abstract class GoDictionaryMap<TValue> : GoMap
{
    private readonly bool mutable;
    private string[]? sortedKeys;

    private protected GoDictionaryMap(Dictionary<string, TValue> entries, bool mutable, bool isNil)
    {
        Entries = entries;
        this.mutable = mutable;
        IsNil = isNil;
        if (!mutable)
        {
            // Shared maps are read from many threads: sort once, now.
            sortedKeys = SortKeys(entries);
        }
    }

    private protected Dictionary<string, TValue> Entries { get; }

    public override bool IsNil { get; }

    public override int Count => Entries.Count;

    public override bool IsMutable => mutable;

    public override IEnumerable<KeyValuePair<string, object?>> SortedEntries
    {
        get
        {
            foreach (var key in SortedKeys)
            {
                yield return new KeyValuePair<string, object?>(key, Entries[key]);
            }
        }
    }

    /// <summary>Keys in Go's order (by code point). Only a mutable map (one run's) sorts here.</summary>
    public IReadOnlyList<string> SortedKeys => sortedKeys ??= SortKeys(Entries);

    public override bool Remove(string key)
    {
        if (!mutable)
        {
            return base.Remove(key);
        }
        if (Entries.Remove(key))
        {
            sortedKeys = null;
            return true;
        }
        return false;
    }

    /// <summary>Sets a key of a mutable map (the caller has checked <see cref="IsMutable"/> and the value's type).</summary>
    private protected void Store(string key, TValue value)
    {
        if (!Entries.ContainsKey(key))
        {
            sortedKeys = null;
        }
        Entries[key] = value;
    }

    private protected static Dictionary<string, TValue> Copy(IEnumerable<KeyValuePair<string, TValue>> source)
    {
        var copy = new Dictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var (key, value) in source)
        {
            copy[key] = value;
        }
        return copy;
    }

    private static string[] SortKeys(Dictionary<string, TValue> entries)
    {
        var keys = new string[entries.Count];
        entries.Keys.CopyTo(keys, 0);
        Array.Sort(keys, GoStringOrder.Instance);
        return keys;
    }
}
