using System.Text.Json;

namespace Injector.Kube.Schema;

/// <summary>
/// One declared field of a Kubernetes Go struct: its Go name, its JSON name and options from the <c>json</c> tag,
/// and its strategic-merge metadata (<c>patchStrategy</c>/<c>patchMergeKey</c> tags, <c>+listType</c>/<c>+listMapKey</c>
/// markers).
/// </summary>
internal sealed class KubeField
{
    internal KubeField(
        KubeType declaringType,
        int index,
        string goName,
        string? jsonName,
        KubeType type,
        bool omitEmpty,
        bool omitZero,
        bool embedded,
        PatchStrategy patchStrategy,
        string? patchMergeKey,
        string? listType,
        string[] listMapKeys)
    {
        DeclaringType = declaringType;
        Index = index;
        GoName = goName;
        JsonName = jsonName;
        Type = type;
        OmitEmpty = omitEmpty;
        OmitZero = omitZero;
        Embedded = embedded;
        PatchStrategy = patchStrategy;
        PatchMergeKey = patchMergeKey;
        ListType = listType;
        ListMapKeys = listMapKeys;
        EncodedName = jsonName is null ? default : JsonEncodedText.Encode(jsonName);
    }

    /// <summary>The struct that declares the field (for a promoted field, the embedded struct).</summary>
    public KubeType DeclaringType { get; }

    /// <summary>Position among <see cref="DeclaringType"/>'s declared fields.</summary>
    public int Index { get; }

    /// <summary>Go field name (<c>ContainerPort</c>; an embedded field is named after its type: <c>ObjectMeta</c>).</summary>
    public string GoName { get; }

    /// <summary>JSON member name; null for an embedded struct whose fields are written inline (<c>json:",inline"</c>
    /// or no tag), such as <c>Probe.ProbeHandler</c> and <c>Volume.VolumeSource</c>.</summary>
    public string? JsonName { get; }

    public KubeType Type { get; }

    /// <summary><c>omitempty</c>: left out when false, 0, "", or a nil or empty slice or map, or a nil pointer.
    /// Never for a struct value.</summary>
    public bool OmitEmpty { get; }

    /// <summary><c>omitzero</c> (Go 1.24): left out when the value is zero, by the type's <c>IsZero</c> method if it
    /// has one (<c>metav1.Time</c>), else by Go's zero value.</summary>
    public bool OmitZero { get; }

    /// <summary>An anonymous (embedded) field: its fields are promoted for Go field access.</summary>
    public bool Embedded { get; }

    /// <summary>Embedded and written inline: its JSON fields sit in the enclosing object.</summary>
    public bool Inline => JsonName is null;

    public PatchStrategy PatchStrategy { get; }

    /// <summary><c>patchMergeKey</c>: the element member that identifies list elements (<c>name</c>,
    /// <c>containerPort</c>, <c>mountPath</c>).</summary>
    public string? PatchMergeKey { get; }

    /// <summary><c>+listType</c> marker: <c>atomic</c>, <c>map</c> or <c>set</c>; null when unmarked.</summary>
    public string? ListType { get; }

    /// <summary><c>+listMapKey</c> markers, in declaration order (empty when none).</summary>
    public IReadOnlyList<string> ListMapKeys { get; }

    /// <summary>The JSON name, encoded once for writers (default when <see cref="Inline"/>).</summary>
    public JsonEncodedText EncodedName { get; }

    /// <summary>The element type of a list or map field, through pointers (<c>[]v1.Container</c> → <c>v1.Container</c>,
    /// <c>[]*T</c> → <c>T</c>); the field type itself, through pointers, otherwise.</summary>
    public KubeType ElementType
    {
        get
        {
            var t = Type.Deref();
            return t.Kind is KubeKind.Slice or KubeKind.Map ? t.Element!.Deref() : t;
        }
    }

    public override string ToString() => $"{DeclaringType.GoName}.{GoName}";
}
