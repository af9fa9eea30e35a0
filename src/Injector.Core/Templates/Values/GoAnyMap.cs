namespace Injector.Templates.Values;

/// <summary>
/// A Go <c>map[string]interface {}</c>: what <c>encoding/json</c> decodes objects into (Istio's values, <c>fromJSON</c>)
/// and what Sprig's <c>dict</c> builds. Maps built at revision load are read-only and shared between requests; maps a
/// template builds while it runs are mutable by that run only.
/// </summary>
public sealed class GoAnyMap : GoMap
{
    private readonly Dictionary<string, object?> entries;
    private readonly bool mutable;
    private string[]? sortedKeys;

    private GoAnyMap(Dictionary<string, object?> entries, bool mutable, bool isNil)
    {
        this.entries = entries;
        this.mutable = mutable;
        IsNil = isNil;
        if (!mutable)
        {
            // Shared maps are read from many threads: sort once, now.
            sortedKeys = SortKeys(entries);
        }
    }

    /// <summary>A nil <c>map[string]interface {}</c> (prints as <c>map[]</c>, marshals as <c>null</c>).</summary>
    public static GoAnyMap Nil { get; } = new(new Dictionary<string, object?>(0, StringComparer.Ordinal), false, true);

    /// <summary>A read-only map to share (revision data). The entries are copied.</summary>
    public static GoAnyMap ReadOnly(IEnumerable<KeyValuePair<string, object?>> entries) =>
        new(Copy(entries), mutable: false, isNil: false);

    /// <summary>A map a template run owns and may change (<c>dict</c>, <c>fromJSON</c>, <c>merge</c>).</summary>
    public static GoAnyMap Mutable(IEnumerable<KeyValuePair<string, object?>>? entries = null) =>
        new(entries is null ? new Dictionary<string, object?>(StringComparer.Ordinal) : Copy(entries), mutable: true, isNil: false);

    /// <summary>Takes ownership of <paramref name="entries"/> (which must use ordinal key comparison).</summary>
    internal static GoAnyMap Wrap(Dictionary<string, object?> entries, bool mutable) => new(entries, mutable, isNil: false);

    public override string TypeName => "map[string]interface {}";

    public override bool IsNil { get; }

    public override int Count => entries.Count;

    public override object? ZeroElement => null;

    public override bool IsMutable => mutable;

    public override bool TryGetValue(string key, out object? value) => entries.TryGetValue(key, out value);

    public override IEnumerable<KeyValuePair<string, object?>> SortedEntries
    {
        get
        {
            foreach (var key in SortedKeys)
            {
                yield return new KeyValuePair<string, object?>(key, entries[key]);
            }
        }
    }

    /// <summary>Keys in Go's order (by code point).</summary>
    // Sorted on first range and kept: derived from this map's own entries (same content whoever sorts first; a
    // racing second sort of a shared map stores an equal array), never from anything else a request brings.
    public IReadOnlyList<string> SortedKeys => sortedKeys ??= SortKeys(entries);

    public override void Set(string key, object? value)
    {
        if (!mutable)
        {
            base.Set(key, value);
        }
        if (!entries.ContainsKey(key))
        {
            sortedKeys = null;
        }
        entries[key] = value;
    }

    public override bool Remove(string key)
    {
        if (!mutable)
        {
            return base.Remove(key);
        }
        if (entries.Remove(key))
        {
            sortedKeys = null;
            return true;
        }
        return false;
    }

    private static Dictionary<string, object?> Copy(IEnumerable<KeyValuePair<string, object?>> source)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in source)
        {
            copy[key] = value;
        }
        return copy;
    }

    private static string[] SortKeys(Dictionary<string, object?> entries)
    {
        var keys = new string[entries.Count];
        entries.Keys.CopyTo(keys, 0);
        Array.Sort(keys, GoStringOrder.Instance);
        return keys;
    }
}
