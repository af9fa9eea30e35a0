namespace Injector.Templates.Values;

/// <summary>
/// A Go <c>map[string]interface {}</c>: what <c>encoding/json</c> decodes objects into (Istio's values, <c>fromJSON</c>)
/// and what Sprig's <c>dict</c> builds. Maps built at revision load are read-only and shared between requests; maps a
/// template builds while it runs are mutable by that run only.
/// </summary>
public sealed class GoAnyMap : GoDictionaryMap<object?>
{
    private GoAnyMap(Dictionary<string, object?> entries, bool mutable, bool isNil)
        : base(entries, mutable, isNil)
    {
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

    public override object? ZeroElement => null;

    public override bool TryGetValue(string key, out object? value) => Entries.TryGetValue(key, out value);

    public override void Set(string key, object? value)
    {
        if (!IsMutable)
        {
            base.Set(key, value);
        }
        Store(key, value);
    }
}
