using Injector.Kube.Schema;

namespace Injector.Kube.StrategicMerge;

/// <summary>
/// <see cref="IPatchMetaLookup"/> over the generated Kubernetes schema (<see cref="KubeSchema"/>), answering as
/// apimachinery's <c>PatchMetaFromStruct</c> does over the Go types: a pointer counts as what it points to (one
/// level), JSON names match exactly or else case-insensitively (<see cref="KubeType.MatchJsonKey"/>), and the same error
/// texts. Types with their own JSON form (<c>resource.Quantity</c>, <c>intstr.IntOrString</c>, <c>metav1.Time</c>,
/// <c>metav1.FieldsV1</c>) are Go structs with no JSON fields to look up. A view of one type: made per lookup (one
/// reference), so the merge of a request fills no shared state.
/// </summary>
internal sealed class KubePatchMeta : IPatchMetaLookup
{
    private readonly KubeType _type;

    private KubePatchMeta(KubeType type) => _type = type;

    /// <summary><c>PatchMetaFromStruct(corev1.Pod{})</c>: what Istio merges templates with.</summary>
    public static KubePatchMeta Pod { get; } = For(KubeSchema.Pod);

    public static KubePatchMeta For(KubeType type) => new(type);

    public string Name => KindName(_type);

    public IPatchMetaLookup LookupForStruct(string key, out PatchMeta meta)
    {
        var field = FindField(key);
        meta = MetaOf(field);
        return For(field.Type);
    }

    public IPatchMetaLookup LookupForSlice(string key, out PatchMeta meta)
    {
        var field = FindField(key);
        meta = MetaOf(field);
        var t = field.Type;
        switch (t.Kind)
        {
            case KubeKind.Slice:
                if (t.Element!.Kind == KubeKind.Slice) throw new StrategicMergeException("unexpected slice of slice");
                return For(t.Element);
            case KubeKind.Pointer:
                t = t.Element!;
                return For(t.Kind == KubeKind.Slice ? t.Element! : t);
            default:
                throw new StrategicMergeException($"expected slice or array type, but got: {KindName(_type)}");
        }
    }

    private KubeField FindField(string key)
    {
        var t = _type.Kind == KubeKind.Pointer ? _type.Element! : _type;
        if (!IsGoStruct(t.Kind))
        {
            throw new StrategicMergeException($"merging an object in json but data type is not struct, instead is: {KindName(t)}");
        }
        var field = t.Kind == KubeKind.Struct ? t.MatchJsonKey(key) : null;
        return field ?? throw new StrategicMergeException($"unable to find api field in struct {ShortName(t)} for the json field \"{key}\"");
    }

    private static PatchMeta MetaOf(KubeField field)
    {
        var strategies = new List<string>(2);
        if (field.PatchStrategy.HasFlag(PatchStrategy.Merge)) strategies.Add("merge");
        if (field.PatchStrategy.HasFlag(PatchStrategy.Replace)) strategies.Add("replace");
        if (field.PatchStrategy.HasFlag(PatchStrategy.RetainKeys)) strategies.Add("retainKeys");
        return new PatchMeta(string.Join(',', strategies), field.PatchMergeKey ?? "");
    }

    private static bool IsGoStruct(KubeKind kind) =>
        kind is KubeKind.Struct or KubeKind.Quantity or KubeKind.IntOrString or KubeKind.Time or KubeKind.RawJson;

    /// <summary><c>reflect.Type.Name()</c>: the type's name without its package (<c>PodSpec</c>).</summary>
    private static string ShortName(KubeType t)
    {
        var dot = t.GoName.LastIndexOf('.');
        return dot < 0 ? t.GoName : t.GoName[(dot + 1)..];
    }

    /// <summary><c>reflect.Kind.String()</c>.</summary>
    private static string KindName(KubeType t) => t.Kind switch
    {
        KubeKind.Pointer => "ptr",
        KubeKind.Slice => "slice",
        KubeKind.Map => "map",
        KubeKind.String => "string",
        KubeKind.Bool => "bool",
        KubeKind.Int => t.GoName == "int" ? "int" : $"int{t.Bits}",
        KubeKind.Uint => t.GoName == "uint" ? "uint" : $"uint{t.Bits}",
        KubeKind.Float => $"float{t.Bits}",
        _ => "struct",
    };
}
