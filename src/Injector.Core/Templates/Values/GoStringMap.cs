namespace Injector.Templates.Values;

/// <summary>
/// A Go <c>map[string]string</c> (annotations, labels, <c>ProxyMetadata</c>, and what Istio's <c>strdict</c>,
/// <c>omit</c> and <c>mergeMaps</c> return). A missing key indexes to <c>""</c>.
/// </summary>
public sealed class GoStringMap : GoDictionaryMap<string>
{
    private GoStringMap(Dictionary<string, string> entries, bool mutable, bool isNil)
        : base(entries, mutable, isNil)
    {
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

    public override object? ZeroElement => "";

    public override bool TryGetValue(string key, out object? value)
    {
        if (Entries.TryGetValue(key, out var text))
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
        if (Entries.TryGetValue(key, out var text))
        {
            value = text;
            return true;
        }
        value = "";
        return false;
    }

    public override void Set(string key, object? value)
    {
        if (!IsMutable || value is not string text)
        {
            // A map[string]string holds strings only; Go would not compile anything else.
            base.Set(key, value);
            return;
        }
        Store(key, text);
    }
}
