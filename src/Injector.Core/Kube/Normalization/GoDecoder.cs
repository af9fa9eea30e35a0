using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Kube.Quantities;
using Injector.Kube.Schema;

namespace Injector.Kube.Normalization;

/// <summary>
/// Go's <c>json.Unmarshal</c> into a Kubernetes type, over a <see cref="JsonNode"/> tree, in document order:
/// members matched to fields exactly, then case-insensitively (<see cref="KubeType.MatchJsonIndex"/>); unknown
/// members skipped; <c>null</c> clears a pointer, slice or map and leaves anything else as it was; a repeated member
/// decodes into what the earlier one left (structs and maps merge, list elements merge by position); a value of the
/// wrong JSON type is remembered as the first error and decoding goes on, while an error from a type's own
/// <c>UnmarshalJSON</c> (<c>Quantity</c>, <c>IntOrString</c>, <c>Time</c>) ends it at once. Errors read as Go's,
/// with the innermost struct and the path of JSON field names.
/// </summary>
internal sealed class GoDecoder
{
    private readonly List<string> _fieldStack = [];
    private KubeType? _struct;
    private string? _savedError;

    /// <summary>Decodes into a fresh value of <paramref name="type"/>; throws <see cref="KubeDecodeException"/> with
    /// the error <c>json.Unmarshal</c> would return.</summary>
    public static object? Decode(JsonNode? node, KubeType type)
    {
        var decoder = new GoDecoder();
        var value = decoder.Decode(node, type, null);
        if (decoder._savedError is not null) throw new KubeDecodeException(decoder._savedError);
        return value;
    }

    private object? Decode(JsonNode? node, KubeType type, object? existing)
    {
        switch (type.Kind)
        {
            case KubeKind.Pointer:
                if (IsNull(node)) return null;
                var target = type.Element!;
                return Decode(node, target, existing ?? ZeroValue(target)) ?? ZeroValue(target);
            case KubeKind.Quantity:
                return DecodeQuantity(node, existing as Quantity);
            case KubeKind.IntOrString:
                return DecodeIntOrString(node, existing is IntOrStringValue v ? v : IntOrStringValue.Zero);
            case KubeKind.Time:
                return DecodeTime(node, existing);
            case KubeKind.RawJson:
                return IsNull(node) ? existing : node; // kept as written; copied once, when encoded
        }
        if (IsNull(node)) return type.Kind is KubeKind.Slice or KubeKind.Map ? null : existing;
        switch (node)
        {
            case JsonObject obj:
                if (type.Kind == KubeKind.Struct) return DecodeStruct(obj, type, existing as DecodedStruct);
                if (type.Kind == KubeKind.Map) return DecodeMap(obj, type, existing as Dictionary<string, object?>);
                SaveTypeError("object", type);
                return existing;
            case JsonArray array:
                if (type.Kind == KubeKind.Slice) return DecodeSlice(array, type, existing as List<object?>);
                SaveTypeError("array", type);
                return existing;
            default:
                return DecodeLiteral((JsonValue)node!, type, existing);
        }
    }

    private DecodedStruct DecodeStruct(JsonObject obj, KubeType type, DecodedStruct? existing)
    {
        var result = existing ?? new DecodedStruct(type);
        foreach (var (key, value) in obj)
        {
            var index = type.MatchJsonIndex(key);
            if (index < 0) continue;
            var field = type.JsonFields[index];
            var outerStruct = _struct;
            _fieldStack.Add(field.JsonName!);
            _struct = type;
            result.Slots[index] = Decode(value, field.Type, result.Slots[index]);
            _fieldStack.RemoveAt(_fieldStack.Count - 1);
            _struct = outerStruct;
        }
        return result;
    }

    private Dictionary<string, object?> DecodeMap(JsonObject obj, KubeType type, Dictionary<string, object?>? existing)
    {
        var result = existing ?? new Dictionary<string, object?>(obj.Count, StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            result[key] = Decode(value, type.Element!, null); // each element starts from its zero value
        }
        return result;
    }

    private List<object?> DecodeSlice(JsonArray array, KubeType type, List<object?>? existing)
    {
        var result = new List<object?>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            // Go decodes into the elements already there (a repeated member merges element by element).
            var current = existing is not null && i < existing.Count ? existing[i] : null;
            result.Add(Decode(array[i], type.Element!, current));
        }
        return result;
    }

    private object? DecodeLiteral(JsonValue value, KubeType type, object? existing)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                if (type.Kind == KubeKind.String) return value.GetValue<string>();
                SaveTypeError("string", type);
                return existing;
            case JsonValueKind.True or JsonValueKind.False:
                if (type.Kind == KubeKind.Bool) return value.GetValueKind() == JsonValueKind.True;
                SaveTypeError("bool", type);
                return existing;
            case JsonValueKind.Number:
                var text = NumberText(value);
                switch (type.Kind)
                {
                    case KubeKind.Int:
                        if (GoStrconv.TryParseInt64(text, 10, out var l) && FitsSigned(l, type.Bits)) return l;
                        SaveTypeError("number " + text, type);
                        return existing;
                    case KubeKind.Uint:
                        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u) && FitsUnsigned(u, type.Bits)) return u;
                        SaveTypeError("number " + text, type);
                        return existing;
                    case KubeKind.Float:
                        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                            && double.IsFinite(d) && (type.Bits == 64 || double.IsFinite((float)d)))
                        {
                            return type.Bits == 64 ? d : (double)(float)d;
                        }
                        SaveTypeError("number " + text, type);
                        return existing;
                    default:
                        SaveTypeError("number", type);
                        return existing;
                }
            default:
                return existing;
        }
    }

    // Quantity.UnmarshalJSON: null zeroes the number (keeping a kept text); otherwise the raw text, without its
    // quotes, trimmed, goes to ParseQuantity. Its errors end decoding.
    private Quantity DecodeQuantity(JsonNode? node, Quantity? existing)
    {
        if (IsNull(node)) return (existing ?? Quantity.Zero).WithValueCleared();
        var raw = RawText(node!);
        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"') raw = raw[1..^1];
        if (!Quantity.TryParse(GoStrings.TrimSpace(raw), out var quantity, out var error)) throw new KubeDecodeException(error!);
        return quantity;
    }

    // IntOrString.UnmarshalJSON: a JSON string sets the string member; anything else is unmarshalled into the int32
    // member by a nested json.Unmarshal, whose type errors end decoding (with this field's context added).
    private IntOrStringValue DecodeIntOrString(JsonNode? node, IntOrStringValue existing)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return existing with { IsString = true, StrVal = v.GetValue<string>() };
        }
        var asInt = existing with { IsString = false };
        switch (node)
        {
            case null:
                return asInt;
            case JsonObject:
                throw Abort("object", "int32");
            case JsonArray:
                throw Abort("array", "int32");
        }
        var value = (JsonValue)node;
        switch (value.GetValueKind())
        {
            case JsonValueKind.Null:
                return asInt;
            case JsonValueKind.True or JsonValueKind.False:
                throw Abort("bool", "int32");
            default:
                var text = NumberText(value);
                if (GoStrconv.TryParseInt64(text, 10, out var l) && FitsSigned(l, 32)) return asInt with { IntVal = (int)l };
                throw Abort("number " + text, "int32");
        }
    }

    // Time.UnmarshalJSON: null is the zero time; otherwise a nested json.Unmarshal into a string, then RFC 3339.
    private GoTime DecodeTime(JsonNode? node, object? existing)
    {
        if (IsNull(node)) return GoTime.Zero;
        switch (node)
        {
            case JsonObject:
                throw Abort("object", "string");
            case JsonArray:
                throw Abort("array", "string");
        }
        var value = (JsonValue)node!;
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                if (GoTimeParser.TryParse(value.GetValue<string>(), out var time, out var error)) return time;
                throw new KubeDecodeException(error!);
            case JsonValueKind.True or JsonValueKind.False:
                throw Abort("bool", "string");
            default:
                throw Abort("number", "string");
        }
    }

    private static object? ZeroValue(KubeType type) => type.Kind switch
    {
        KubeKind.Bool => false,
        KubeKind.Int => 0L,
        KubeKind.Uint => 0UL,
        KubeKind.Float => 0.0,
        KubeKind.String => "",
        KubeKind.Struct => new DecodedStruct(type),
        KubeKind.Quantity => Quantity.Zero,
        KubeKind.IntOrString => IntOrStringValue.Zero,
        KubeKind.Time => GoTime.Zero,
        KubeKind.RawJson => null,
        _ => null,
    };

    private void SaveTypeError(string jsonValue, KubeType type) => _savedError ??= TypeError(jsonValue, type.GoName);

    private KubeDecodeException Abort(string jsonValue, string goType) => new(TypeError(jsonValue, goType));

    private string TypeError(string jsonValue, string goType)
    {
        if (_struct is null && _fieldStack.Count == 0)
        {
            return $"json: cannot unmarshal {jsonValue} into Go value of type {goType}";
        }
        var structName = _struct is null ? "" : _struct.GoName[(_struct.GoName.LastIndexOf('.') + 1)..];
        return $"json: cannot unmarshal {jsonValue} into Go struct field {structName}.{string.Join('.', _fieldStack)} of type {goType}";
    }

    private static bool IsNull(JsonNode? node) => node is null || (node is JsonValue v && v.GetValueKind() == JsonValueKind.Null);

    private static bool FitsSigned(long value, int bits) => bits >= 64 || (value >= -(1L << (bits - 1)) && value < 1L << (bits - 1));

    private static bool FitsUnsigned(ulong value, int bits) => bits >= 64 || value < 1UL << bits;

    /// <summary>The number as it was written (the literal Go's decoder sees).</summary>
    private static string NumberText(JsonValue value) => JsonNumbers.Text(value);

    /// <summary>The JSON text of a value as a custom <c>UnmarshalJSON</c> receives it (escapes as written).</summary>
    private static string RawText(JsonNode node)
    {
        switch (node)
        {
            case JsonObject:
                return "{}";
            case JsonArray:
                return "[]";
        }
        var value = (JsonValue)node;
        if (value.TryGetValue<JsonElement>(out var element)) return element.GetRawText();
        return value.GetValueKind() switch
        {
            JsonValueKind.String => System.Text.Encoding.UTF8.GetString(GoJson.Serialize(value)),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => NumberText(value),
        };
    }
}
