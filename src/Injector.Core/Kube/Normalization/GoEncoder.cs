using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Quantities;
using Injector.Kube.Schema;
using Injector.Kube.Yaml;

namespace Injector.Kube.Normalization;

/// <summary>
/// Go's <c>json.Marshal</c> of a decoded Kubernetes value (<see cref="DecodedStruct"/> model): struct fields in Go
/// order; <c>omitempty</c> drops false, 0, "", nil pointers and nil or empty slices and maps, never structs;
/// <c>omitzero</c> drops zero values (by <c>IsZero</c> for <c>metav1.Time</c>); nil slices and maps are
/// <c>null</c>; map keys sorted by their bytes; Quantity, IntOrString and Time written by their own methods.
/// </summary>
internal static class GoEncoder
{
    public static JsonNode? Encode(object? value, KubeType type)
    {
        switch (type.Kind)
        {
            case KubeKind.Bool:
                return JsonValue.Create(value is true);
            case KubeKind.Int:
                return JsonValue.Create(value is long l ? l : 0L);
            case KubeKind.Uint:
                return JsonValue.Create(value is ulong u ? u : 0UL);
            case KubeKind.Float:
                return JsonValue.Create(value is double d ? d : 0.0);
            case KubeKind.String:
                return JsonValue.Create(value as string ?? "");
            case KubeKind.Pointer:
                return value is null ? null : Encode(value, type.Element!);
            case KubeKind.Struct:
                return EncodeStruct(value as DecodedStruct, type);
            case KubeKind.Slice:
                if (value is not List<object?> list) return null;
                var array = new JsonArray();
                foreach (var item in list) array.Add(Encode(item, type.Element!));
                return array;
            case KubeKind.Map:
                if (value is not Dictionary<string, object?> map) return null;
                var keys = new string[map.Count];
                map.Keys.CopyTo(keys, 0);
                Array.Sort(keys, Utf8Order.Comparer);
                var obj = new JsonObject();
                foreach (var key in keys) obj.Add(key, Encode(map[key], type.Element!));
                return obj;
            case KubeKind.Quantity:
                return JsonValue.Create((value as Quantity ?? Quantity.Zero).ToString());
            case KubeKind.IntOrString:
                var ios = value is IntOrStringValue v ? v : IntOrStringValue.Zero;
                return ios.IsString ? JsonValue.Create(ios.StrVal) : JsonValue.Create((long)ios.IntVal);
            case KubeKind.Time:
                var time = value is GoTime t ? t : GoTime.Zero;
                return time.IsZero ? null : JsonValue.Create(time.FormatRfc3339());
            case KubeKind.RawJson:
                return (value as JsonNode)?.DeepClone();
            default:
                throw new InvalidOperationException($"cannot encode {type.GoName}");
        }
    }

    private static JsonObject EncodeStruct(DecodedStruct? value, KubeType type)
    {
        var obj = new JsonObject();
        var fields = type.JsonFields;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var slot = value?.Slots[i];
            if (field.OmitEmpty && IsEmpty(slot, field.Type)) continue;
            if (field.OmitZero && IsZero(slot, field.Type)) continue;
            obj.Add(field.JsonName!, Encode(slot, field.Type));
        }
        return obj;
    }

    /// <summary>encoding/json's <c>isEmptyValue</c> (what <c>omitempty</c> drops).</summary>
    public static bool IsEmpty(object? value, KubeType type) => type.Kind switch
    {
        KubeKind.Bool => value is not true,
        KubeKind.Int => value is null or 0L,
        KubeKind.Uint => value is null or 0UL,
        KubeKind.Float => value is null or 0.0,
        KubeKind.String => value is null or "",
        KubeKind.Pointer => value is null,
        KubeKind.Slice => value is not List<object?> { Count: > 0 },
        KubeKind.Map => value is not Dictionary<string, object?> { Count: > 0 },
        _ => false, // structs (Quantity, IntOrString, Time, FieldsV1 included) are never empty
    };

    /// <summary>What <c>omitzero</c> drops: the <c>IsZero</c> method's answer where the type has one (Time,
    /// Quantity), else Go's zero value (a struct whose fields are all zero; empty but non-nil slices are not zero).</summary>
    public static bool IsZero(object? value, KubeType type)
    {
        switch (type.Kind)
        {
            case KubeKind.Time:
                return value is not GoTime t || t.IsZero;
            case KubeKind.Quantity:
                return value is not Quantity q || q.IsZero;
            case KubeKind.IntOrString:
                return value is not IntOrStringValue v || v == IntOrStringValue.Zero;
            case KubeKind.Slice or KubeKind.Map or KubeKind.Pointer or KubeKind.RawJson:
                return value is null;
            case KubeKind.Struct:
                if (value is not DecodedStruct s) return true;
                for (var i = 0; i < s.Slots.Length; i++)
                {
                    if (!IsZero(s.Slots[i], type.JsonFields[i].Type)) return false;
                }
                return true;
            default:
                return IsEmpty(value, type);
        }
    }
}
