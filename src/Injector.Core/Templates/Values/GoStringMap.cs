namespace Injector.Templates.Values;

/// <summary>
/// A Go <c>map[string]string</c> (annotations, labels, <c>ProxyMetadata</c>, and what Istio's <c>strdict</c>,
/// <c>omit</c> and <c>mergeMaps</c> return). A missing key indexes to <c>""</c>.
/// </summary>
public sealed class GoStringMap : GoMap
{
    private readonly Dictionary<string, string> entries;
    private readonly bool mutable;
    private string[]? sortedKeys;

    private GoStringMap(Dictionary<string, string> entries, bool mutable, bool isNil)
    {
        this.entries = entries;
        this.mutable = mutable;
        IsNil = isNil;
        if (!mutable)
        {
            sortedKeys = SortKeys(entries);
        }
    }

    /// <summary>A nil <c>map[string]string</c>.</summary>
    public static GoStringMap Nil { get; } = new(new Dictionary<string, string>(0, StringComparer.Ordinal), false, true);

    /// <summary>A read-only map to share. The entries are copied.</summary>
    public static GoStringMap ReadOnly(IEnumerable<KeyValuePair<string, string>> entries) =>
        new(Copy(entries), mutable: false, isNil: false);

    /// <summary>A map a template run owns.</summary>
    public static GoStringMap Mutable(IEnumerable<KeyValuePair<string, string>>? entries = null) =>
        new(entries is null ? new Dictionary<string, string>(StringComparer.Ordinal) : Copy(entries), mutable: true, isNil: false);

    internal static GoStringMap Wrap(Dictionary<string, string> entries, bool mutable) => new(entries, mutable, isNil: false);

    public override string TypeName => "map[string]string";

    public override bool IsNil { get; }

    public override int Count => entries.Count;

    public override object? ZeroElement => "";

    public override bool IsMutable => mutable;

    public override bool TryGetValue(string key, out object? value)
    {
        if (entries.TryGetValue(key, out var text))
        {
            value = text;
            return true;
        }
        value = null;
        return false;
    }

    /// <summary>The string under <paramref name="key"/>, without boxing through <see cref="object"/>.</summary>
    public bool TryGetString(string key, out string value)
    {
        if (entries.TryGetValue(key, out var text))
        {
            value = text;
            return true;
        }
        value = "";
        return false;
    }

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

    // Sorted on first range and kept: derived from this map's own entries (same content whoever sorts first; a
    // racing second sort of a shared map stores an equal array), never from anything else a request brings.
    public IReadOnlyList<string> SortedKeys => sortedKeys ??= SortKeys(entries);

    public override void Set(string key, object? value)
    {
        if (!mutable || value is not string text)
        {
            // A map[string]string holds strings only; Go would not compile anything else.
            base.Set(key, value);
            return;
        }
        if (!entries.ContainsKey(key))
        {
            sortedKeys = null;
        }
        entries[key] = text;
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

    private static Dictionary<string, string> Copy(IEnumerable<KeyValuePair<string, string>> source)
    {
        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in source)
        {
            copy[key] = value;
        }
        return copy;
    }

    private static string[] SortKeys(Dictionary<string, string> entries)
    {
        var keys = new string[entries.Count];
        entries.Keys.CopyTo(keys, 0);
        Array.Sort(keys, GoStringOrder.Instance);
        return keys;
    }
}
