using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Normalization;
using Injector.Kube.Quantities;
using Injector.Kube.Schema;
using Injector.Templates.Values;

namespace Injector.Kube.Views;

/// <summary>
/// Go values over pod JSON for templates (Istio's <c>SidecarTemplateData</c>: <c>.ObjectMeta</c>, <c>.Spec</c>,
/// <c>.TypeMeta</c>, <c>.DeploymentMeta</c>). The JSON must be normalized (<see cref="PodNormalizer"/>), as Istio
/// works on the typed pod; a view reads it lazily and never changes it. Every field of every schema type is there,
/// typed: an absent field reads as its Go zero value (<c>""</c>, <c>0L</c>, <c>false</c>, an empty struct, a nil
/// slice or map, a <see cref="GoNilPointer"/>).
/// </summary>
internal static class KubeViews
{
    /// <summary><c>metav1.ObjectMeta</c> over a normalized pod's <c>metadata</c>.</summary>
    public static GoStruct ObjectMeta(JsonObject? metadata) => new KubeStructView(KubeSchema.ObjectMeta, metadata, pointer: false);

    /// <summary><c>corev1.PodSpec</c> over a normalized pod's <c>spec</c>.</summary>
    public static GoStruct PodSpec(JsonObject? spec) => new KubeStructView(KubeSchema.PodSpec, spec, pointer: false);

    /// <summary><c>corev1.Pod</c> (promoted <c>.Name</c>, <c>.Labels</c>, ... included).</summary>
    public static GoStruct Pod(JsonObject? pod) => new KubeStructView(KubeSchema.Pod, pod, pointer: false);

    /// <summary><c>metav1.TypeMeta</c> (<c>.Kind</c>, <c>.APIVersion</c>).</summary>
    public static GoStruct TypeMeta(string kind, string apiVersion) =>
        new KubeStructView(KubeSchema.TypeMeta, Object(("kind", kind), ("apiVersion", apiVersion)), pointer: false);

    /// <summary><c>types.NamespacedName</c> (Istio's <c>.DeploymentMeta</c>: <c>.Name</c>, <c>.Namespace</c>).</summary>
    public static GoStruct NamespacedName(string @namespace, string name) =>
        new KubeStructView(KubeSchema.NamespacedName, Object(("Namespace", @namespace), ("Name", name)), pointer: false);

    /// <summary>Any normalized value of any schema type, in the template value model.</summary>
    public static object? Value(JsonNode? node, KubeType type) => From(node, type, addressable: true);

    /// <summary>The model value of a field, element or map entry. Map entries are not addressable in Go, so their
    /// pointer-receiver <c>String</c> methods (Quantity) are not used when printing.</summary>
    internal static object? From(JsonNode? node, KubeType type, bool addressable)
    {
        switch (type.Kind)
        {
            case KubeKind.Bool:
                return node is JsonValue b && b.GetValueKind() == JsonValueKind.True;
            case KubeKind.Int or KubeKind.Uint:
                return node is JsonValue i && i.GetValueKind() == JsonValueKind.Number && JsonNumbers.TryGetInt64(i, out var l) ? l : 0L;
            case KubeKind.Float:
                return node is JsonValue f && f.GetValueKind() == JsonValueKind.Number
                    ? double.Parse(JsonNumbers.Text(f), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)
                    : 0.0;
            case KubeKind.String:
                return node is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : "";
            case KubeKind.Pointer:
                if (IsNull(node)) return new GoNilPointer(type.GoName);
                var target = type.Element!;
                // Through a non-nil pointer: structs are views marked as pointers; a pointer to a scalar reads as the
                // scalar (the shared value model has no pointer to a scalar).
                return target.Kind == KubeKind.Struct
                    ? new KubeStructView(target, node as JsonObject, pointer: true)
                    : From(node, target, addressable: true);
            case KubeKind.Struct:
                return new KubeStructView(type, node as JsonObject, pointer: false);
            case KubeKind.Slice:
                return new KubeSliceView(type, node as JsonArray);
            case KubeKind.Map:
                return new KubeMapView(type, node as JsonObject);
            case KubeKind.Quantity:
                var text = node is JsonValue q && q.GetValueKind() == JsonValueKind.String ? q.GetValue<string>() : "0";
                return new QuantityView(Quantity.TryParse(text, out var quantity, out _) ? quantity : Quantity.Zero, addressable);
            case KubeKind.IntOrString:
                return new IntOrStringView(node is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    ? new IntOrStringValue(true, 0, v.GetValue<string>())
                    : new IntOrStringValue(false, node is JsonValue n && n.GetValueKind() == JsonValueKind.Number && JsonNumbers.TryGetInt64(n, out var iv) ? (int)iv : 0, ""), addressable);
            case KubeKind.Time:
                var time = node is JsonValue t && t.GetValueKind() == JsonValueKind.String && GoTimeParser.TryParse(t.GetValue<string>(), out var parsed, out _)
                    ? parsed
                    : GoTime.Zero;
                return new TimeView(time);
            case KubeKind.RawJson:
                return new FieldsV1View(node);
            default:
                return null;
        }
    }

    internal static bool IsNull(JsonNode? node) => node is null || (node is JsonValue v && v.GetValueKind() == JsonValueKind.Null);

    private static JsonObject Object(params (string Key, string Value)[] members)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in members) obj[key] = value;
        return obj;
    }
}
