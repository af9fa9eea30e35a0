namespace Injector.Templates.Values;

/// <summary>A Go map with string keys (<c>map[string]string</c>, <c>map[string]any</c>, ...).</summary>
public abstract class GoMap : GoValue
{
    public abstract int Count { get; }

    /// <summary>A nil map: as empty as an empty one for templates, but <c>encoding/json</c> writes <c>null</c> and
    /// Istio's <c>toJSON</c> writes <c>{}</c>.</summary>
    public virtual bool IsNil => false;

    /// <summary>The value under <paramref name="key"/>, in the model of <see cref="GoValue"/>.</summary>
    public abstract bool TryGetValue(string key, out object? value);

    /// <summary>What indexing a missing key yields (Go's zero value of the element type): <c>""</c> for
    /// <c>map[string]string</c>, <c>null</c> for <c>map[string]any</c>.</summary>
    public abstract object? ZeroElement { get; }

    /// <summary>Entries in ascending ordinal key order: Go's templates range over and print maps by sorted key.</summary>
    public abstract IEnumerable<KeyValuePair<string, object?>> SortedEntries { get; }

    /// <summary>False for maps shared between requests (revision values, pod data): Sprig's <c>set</c>/<c>unset</c>
    /// refuse to change them.</summary>
    public virtual bool IsMutable => false;

    /// <summary>Sets or removes (<paramref name="value"/> unset) a key; only when <see cref="IsMutable"/>.</summary>
    public virtual void Set(string key, object? value) => throw new InvalidOperationException("map is read-only");

    public virtual bool Remove(string key) => throw new InvalidOperationException("map is read-only");
}
