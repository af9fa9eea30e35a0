using System.Diagnostics.CodeAnalysis;

namespace Injector.Kube.Schema;

/// <summary>
/// A Go type of the Kubernetes Pod object model as <c>encoding/json</c> sees it: its kind, its element and key types,
/// and for a struct its declared fields and the JSON fields Go reads and writes (embedded inline structs flattened,
/// in Go's field order). Built once from the generated table (<see cref="KubeSchema"/>); immutable after that.
/// </summary>
internal sealed class KubeType
{
    private KubeField[] _fields = [];
    private KubeField[] _jsonFields = [];
    private Dictionary<string, int> _byJsonName = new(StringComparer.Ordinal);
    private Dictionary<string, int> _byFoldedName = new(StringComparer.Ordinal);
    private Dictionary<string, KubeField[]> _byGoName = new(StringComparer.Ordinal);

    internal KubeType(string id, string goName, KubeKind kind, int bits = 0, KubeType? element = null, KubeType? key = null)
    {
        Id = id;
        GoName = goName;
        Kind = kind;
        Bits = bits;
        Element = element;
        Key = key;
    }

    /// <summary>The table's name for the type: <c>core.Container</c>, <c>meta.ObjectMeta</c>, <c>int32</c>,
    /// <c>[]core.Container</c>.</summary>
    public string Id { get; }

    /// <summary>The type as Go's <c>%T</c> and its error messages print it: <c>v1.Container</c>,
    /// <c>*v1.SecurityContext</c>, <c>[]v1.Container</c>, <c>map[string]string</c>, <c>resource.Quantity</c>.</summary>
    public string GoName { get; }

    public KubeKind Kind { get; }

    /// <summary>Width of an <see cref="KubeKind.Int"/>, <see cref="KubeKind.Uint"/> or <see cref="KubeKind.Float"/>
    /// (Go's <c>int</c> and <c>uint</c> are 64 bits); 0 otherwise.</summary>
    public int Bits { get; }

    /// <summary>What a pointer points to, or a slice's or map's element type.</summary>
    public KubeType? Element { get; }

    /// <summary>A map's key type (a string kind).</summary>
    public KubeType? Key { get; }

    /// <summary>A struct's declared fields in Go order, embedded ones included as single fields.</summary>
    public IReadOnlyList<KubeField> Fields => _fields;

    /// <summary>A struct's JSON fields in the order <c>encoding/json</c> writes them: declared fields, with the fields
    /// of inline embedded structs in place of the embedded field.</summary>
    public IReadOnlyList<KubeField> JsonFields => _jsonFields;

    /// <summary>The type itself, or what its pointers finally point to.</summary>
    public KubeType Deref()
    {
        var t = this;
        while (t.Kind == KubeKind.Pointer) t = t.Element!;
        return t;
    }

    /// <summary>A JSON field by its exact name (what strategic merge patch and encoders use).</summary>
    public bool TryGetJsonField(string jsonName, [NotNullWhen(true)] out KubeField? field)
    {
        field = _byJsonName.TryGetValue(jsonName, out var index) ? _jsonFields[index] : null;
        return field is not null;
    }

    /// <summary>Position of a JSON field (exact name) in <see cref="JsonFields"/>, or -1.</summary>
    public int IndexOfJsonField(string jsonName) => _byJsonName.TryGetValue(jsonName, out var index) ? index : -1;

    /// <summary>
    /// The field <c>json.Unmarshal</c> stores an object member in: the field with exactly that name, else the first
    /// field whose name matches it case-insensitively by Go's folding (per rune, upper case of lower case, so
    /// <c>K</c> (Kelvin) matches <c>k</c> and <c>ſ</c> matches <c>s</c>). Null for an unknown member.
    /// </summary>
    public KubeField? MatchJsonKey(string key)
    {
        var index = MatchJsonIndex(key);
        return index < 0 ? null : _jsonFields[index];
    }

    /// <summary>As <see cref="MatchJsonKey"/>, the position in <see cref="JsonFields"/> (-1 for an unknown member).</summary>
    public int MatchJsonIndex(string key)
    {
        if (_byJsonName.TryGetValue(key, out var exact)) return exact;
        if (key.Length > 64) return -1; // longer than any field name, so nothing can match
        Span<char> folded = stackalloc char[key.Length];
        for (var i = 0; i < key.Length; i++)
        {
            var c = GoFold.ToAsciiUpper(key[i]);
            if (c == '\0') return -1; // a rune that folds to nothing ASCII matches no field
            folded[i] = c;
        }
        return _byFoldedName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(folded, out var index) ? index : -1;
    }

    /// <summary>
    /// A field by Go name as text/template's field lookup finds it: declared, or promoted from an embedded struct
    /// (the shallowest wins; two at the same depth hide each other). The path runs from this struct's field down
    /// through the embedded fields to the one named.
    /// </summary>
    public bool TryGetGoField(string goName, [NotNullWhen(true)] out KubeField[]? path) =>
        _byGoName.TryGetValue(goName, out path);

    public override string ToString() => GoName;

    internal void SetFields(KubeField[] fields) => _fields = fields;

    /// <summary>Builds the JSON and Go lookups once every struct has its fields.</summary>
    internal void Complete()
    {
        if (Kind != KubeKind.Struct) return;
        _jsonFields = JsonFieldResolver.Resolve(this);
        for (var i = 0; i < _jsonFields.Length; i++)
        {
            _byJsonName[_jsonFields[i].JsonName!] = i;
            _byFoldedName.TryAdd(GoFold.AsciiUpper(_jsonFields[i].JsonName!), i);
        }
        _byGoName = GoFieldResolver.Resolve(this);
    }
}
