using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;

namespace Injector.Istio.Mesh;

/// <summary>
/// Merges JSON into a message the way Istio's <c>protomarshal.ApplyJSON</c> does (golang/protobuf's legacy
/// <c>jsonpb.Unmarshaler</c>, retried with <c>AllowUnknownFields</c>): fields by JSON or proto name (the JSON name
/// wins when both are given); each field present in the input replaces the target's (a nested message, list or map
/// is replaced whole, not merged); <c>null</c> leaves the field as it was; unknown fields are ignored (the retry);
/// enums by name or number; integers also as quoted strings; wrappers as plain values; Durations as Go duration
/// strings. The first failing field in declaration order is reported, with its path.
/// </summary>
/// <remarks>
/// Messages are kept in a canonical JSON form: the protojson value of every set field (zero scalars without presence
/// dropped, Durations as jsonpb writes them, int64 as decimal strings, enums by name), keyed by JSON name.
/// </remarks>
internal static class ProtoJsonReader
{
    /// <summary>Merges <paramref name="input"/> (an object, or null for nothing) into <paramref name="target"/>.</summary>
    public static void MergeMessage(JsonObject target, JsonNode? input, ProtoMessageType type, string path, bool rejectUnknown = false)
    {
        if (IsNull(input)) return;
        if (input is not JsonObject obj) throw Error(path, CannotUnmarshal(input!, "map[string]json.RawMessage"));
        var used = 0;
        foreach (var field in type.Fields)
        {
            JsonNode? raw = null;
            var found = false;
            if (obj.TryGetPropertyValue(field.ProtoName, out var byProto)) { raw = byProto; found = true; used++; }
            if (field.JsonName != field.ProtoName && obj.TryGetPropertyValue(field.JsonName, out var byJson)) { raw = byJson; found = true; used++; }
            if (!found || (IsNull(raw) && !(field.Kind == ProtoKind.Value && field.Label == ProtoLabel.Single))) continue;
            var fieldPath = path + "." + field.JsonName;
            var value = ReadField(field, raw, fieldPath);
            Set(target, field, value);
        }
        if (rejectUnknown && used < obj.Count)
        {
            foreach (var (key, _) in obj)
            {
                if (type.Fields.Any(f => f.ProtoName == key || f.JsonName == key)) continue;
                throw Error(path, $"unknown field \"{key}\" in {type.FullName}");
            }
        }
    }

    /// <summary>Sets a field in canonical form: a zero value without presence and an empty list or map unset it;
    /// setting a oneof member unsets the others.</summary>
    internal static void Set(JsonObject target, ProtoField field, JsonNode? value)
    {
        if (field.Oneof is not null)
        {
            foreach (var member in field.Owner.OneofMembers(field.Oneof)) target.Remove(member.JsonName);
        }
        target.Remove(field.JsonName);
        if (field.IsList ? ((JsonArray)value!).Count == 0
            : field.IsMap ? ((JsonObject)value!).Count == 0
            : !field.HasPresence && IsZero(field, value))
        {
            return;
        }
        target[field.JsonName] = value;
    }

    private static JsonNode? ReadField(ProtoField field, JsonNode? raw, string path)
    {
        if (field.IsList)
        {
            if (raw is not JsonArray array) throw Error(path, CannotUnmarshal(raw!, "[]json.RawMessage"));
            var list = new JsonArray();
            for (var i = 0; i < array.Count; i++) list.Add(ReadSingular(field, array[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"));
            return list;
        }
        if (field.IsMap)
        {
            if (raw is not JsonObject map) throw Error(path, CannotUnmarshal(raw!, "map[string]json.RawMessage"));
            var result = new JsonObject();
            foreach (var (key, item) in map) result[key] = ReadSingular(field, item, path + "[" + key + "]");
            return result;
        }
        return ReadSingular(field, raw, path);
    }

    /// <summary>One value of the field's kind (a list element, a map value, or the field itself). A null here is the
    /// kind's zero value, as Go's json leaves its target untouched.</summary>
    private static JsonNode? ReadSingular(ProtoField field, JsonNode? raw, string path)
    {
        switch (field.Kind)
        {
            case ProtoKind.Message:
            {
                var message = new JsonObject();
                MergeMessage(message, raw, field.MessageType!, path);
                return message;
            }
            case ProtoKind.Enum:
                return ReadEnum(field.EnumType!, raw, path);
            case ProtoKind.Wrapper:
                return IsNull(raw) ? ZeroOf(field.WrappedKind) : ReadScalar(field.WrappedKind, raw!, path);
            case ProtoKind.Duration:
                return ReadDuration(raw, path);
            case ProtoKind.Struct:
                if (IsNull(raw)) return new JsonObject();
                if (raw is not JsonObject) throw Error(path, CannotUnmarshal(raw!, "map[string]json.RawMessage"));
                return ReadAnyJson(raw);
            case ProtoKind.ListValue:
                if (IsNull(raw)) return new JsonArray();
                if (raw is not JsonArray) throw Error(path, CannotUnmarshal(raw!, "[]json.RawMessage"));
                return ReadAnyJson(raw);
            case ProtoKind.Value:
                return ReadAnyJson(raw);
            case ProtoKind.Empty:
                if (IsNull(raw)) return new JsonObject();
                if (raw is not JsonObject o) throw Error(path, CannotUnmarshal(raw!, "map[string]json.RawMessage"));
                if (o.Count > 0) throw Error(path, "expected empty object");
                return new JsonObject();
            case ProtoKind.Any or ProtoKind.Timestamp:
                throw Error(path, field.Kind + " fields are not modelled");
            default:
                return IsNull(raw) ? ZeroOf(field.Kind) : ReadScalar(field.Kind, raw!, path);
        }
    }

    private static JsonNode ReadEnum(ProtoEnumType type, JsonNode? raw, string path)
    {
        if (IsNull(raw)) return JsonValue.Create(type.NameOf(0) ?? "0")!;
        if (raw is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var name = v.GetValue<string>();
            if (!type.TryGetNumber(name, out var number))
            {
                throw Error(path, $"unknown value {GoQuote("\"" + name + "\"")} for enum {type.FullName}");
            }
            return JsonValue.Create(type.NameOf(number))!;
        }
        var n = ParseInteger(raw!, "protoreflect.EnumNumber", int.MinValue, int.MaxValue, path);
        var known = type.NameOf(n);
        return known is not null ? JsonValue.Create(known)! : JsonValue.Create(n)!;
    }

    private static JsonNode ReadDuration(JsonNode? raw, string path)
    {
        if (IsNull(raw)) return JsonValue.Create("0s")!;
        if (raw is not JsonValue v || v.GetValueKind() != JsonValueKind.String) throw Error(path, CannotUnmarshal(raw!, "string"));
        var nanos = GoDuration.Parse(v.GetValue<string>(), out var error);
        if (nanos is null) throw Error(path, "bad Duration: " + error);
        return JsonValue.Create(GoDuration.Format(nanos.Value))!;
    }

    /// <summary>A scalar: integers also from quoted strings (jsonpb trims the quotes first), the rest as Go's json.</summary>
    internal static JsonNode ReadScalar(ProtoKind kind, JsonNode raw, string path)
    {
        switch (kind)
        {
            case ProtoKind.Bool:
                if (raw is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return JsonValue.Create(b.GetValueKind() == JsonValueKind.True)!;
                throw Error(path, CannotUnmarshal(raw, "bool"));
            case ProtoKind.String:
                if (raw is JsonValue s && s.GetValueKind() == JsonValueKind.String) return JsonValue.Create(s.GetValue<string>())!;
                throw Error(path, CannotUnmarshal(raw, "string"));
            case ProtoKind.Bytes:
                if (raw is JsonValue by && by.GetValueKind() == JsonValueKind.String)
                {
                    try
                    {
                        return JsonValue.Create(Convert.ToBase64String(Convert.FromBase64String(by.GetValue<string>())))!;
                    }
                    catch (FormatException)
                    {
                        throw Error(path, "illegal base64 data at input byte 0");
                    }
                }
                throw Error(path, CannotUnmarshal(raw, "[]uint8"));
            case ProtoKind.Int32:
                return JsonValue.Create(ParseInteger(Unquote(raw, path), "int32", int.MinValue, int.MaxValue, path))!;
            case ProtoKind.UInt32:
                return JsonValue.Create(ParseInteger(Unquote(raw, path), "uint32", 0, uint.MaxValue, path))!;
            case ProtoKind.Int64:
                return JsonValue.Create(ParseInteger(Unquote(raw, path), "int64", long.MinValue, long.MaxValue, path).ToString(CultureInfo.InvariantCulture))!;
            case ProtoKind.UInt64:
                return JsonValue.Create(ParseUInt64(Unquote(raw, path), path).ToString(CultureInfo.InvariantCulture))!;
            case ProtoKind.Double or ProtoKind.Float:
            {
                var goType = kind == ProtoKind.Float ? "float32" : "float64";
                if (raw is JsonValue nf && nf.GetValueKind() == JsonValueKind.String && nf.GetValue<string>() is "NaN" or "Infinity" or "-Infinity")
                {
                    return JsonValue.Create(nf.GetValue<string>())!;
                }
                if (raw is not JsonValue num || num.GetValueKind() != JsonValueKind.Number) throw Error(path, CannotUnmarshal(raw, goType));
                var text = JsonNumbers.Text(num);
                var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (kind == ProtoKind.Float) d = (float)d;
                if (!double.IsFinite(d)) throw Error(path, $"json: cannot unmarshal number {text} into Go value of type {goType}");
                return JsonValue.Create(d)!;
            }
            default:
                throw new InvalidOperationException("not a scalar: " + kind);
        }
    }

    /// <summary>jsonpb's trimQuote: a quoted integer is read as the JSON text between the quotes.</summary>
    private static JsonNode Unquote(JsonNode raw, string path)
    {
        if (raw is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return raw;
        var inner = v.GetValue<string>();
        try
        {
            return JsonNode.Parse(inner) ?? throw Error(path, "json: cannot unmarshal null");
        }
        catch (JsonException)
        {
            var trimmed = inner.TrimStart(' ', '\t', '\r', '\n');
            throw Error(path, trimmed.Length == 0
                ? "unexpected end of JSON input"
                : $"invalid character {GoCharQuote(trimmed[0])} looking for beginning of value");
        }
    }

    private static long ParseInteger(JsonNode raw, string goType, long min, long max, string path)
    {
        if (IsNull(raw)) return 0;
        if (raw is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) throw Error(path, CannotUnmarshal(raw, goType));
        var text = JsonNumbers.Text(v);
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw Error(path, $"json: cannot unmarshal number {text} into Go value of type {goType}");
        }
        return n;
    }

    private static ulong ParseUInt64(JsonNode raw, string path)
    {
        if (IsNull(raw)) return 0;
        if (raw is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) throw Error(path, CannotUnmarshal(raw, "uint64"));
        var text = JsonNumbers.Text(v);
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw Error(path, $"json: cannot unmarshal number {text} into Go value of type uint64");
        }
        return n;
    }

    /// <summary>google.protobuf.Struct/Value/ListValue content: JSON as is, numbers as float64.</summary>
    private static JsonNode? ReadAnyJson(JsonNode? raw)
    {
        switch (raw)
        {
            case null:
                return null;
            case JsonObject obj:
            {
                var copy = new JsonObject();
                foreach (var (k, item) in obj) copy[k] = ReadAnyJson(item);
                return copy;
            }
            case JsonArray array:
            {
                var copy = new JsonArray();
                foreach (var item in array) copy.Add(ReadAnyJson(item));
                return copy;
            }
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                return JsonValue.Create(double.Parse(JsonNumbers.Text(v), NumberStyles.Float, CultureInfo.InvariantCulture));
            case JsonValue v when v.GetValueKind() == JsonValueKind.Null:
                return null;
            default:
                return raw.DeepClone();
        }
    }

    internal static bool IsNull(JsonNode? node) => node is null || (node is JsonValue v && v.GetValueKind() == JsonValueKind.Null);

    /// <summary>Whether a canonical scalar is its kind's zero value (proto3 then treats the field as unset).</summary>
    private static bool IsZero(ProtoField field, JsonNode? value) => value switch
    {
        null => true,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False => true,
            JsonValueKind.String => field.Kind switch
            {
                ProtoKind.Int64 or ProtoKind.UInt64 => v.GetValue<string>() == "0",
                ProtoKind.Enum => v.GetValue<string>() == field.EnumType!.NameOf(0),
                ProtoKind.Double or ProtoKind.Float => false,
                _ => v.GetValue<string>().Length == 0,
            },
            JsonValueKind.Number => double.Parse(JsonNumbers.Text(v), NumberStyles.Float, CultureInfo.InvariantCulture) == 0,
            _ => false,
        },
        _ => false,
    };

    private static JsonNode ZeroOf(ProtoKind kind) => kind switch
    {
        ProtoKind.Bool => JsonValue.Create(false)!,
        ProtoKind.String or ProtoKind.Bytes => JsonValue.Create("")!,
        ProtoKind.Int64 or ProtoKind.UInt64 => JsonValue.Create("0")!,
        ProtoKind.Double or ProtoKind.Float => JsonValue.Create(0.0)!,
        _ => JsonValue.Create(0L)!,
    };

    /// <summary>Go's <c>json.UnmarshalTypeError</c> text.</summary>
    private static string CannotUnmarshal(JsonNode raw, string goType)
    {
        var what = raw switch
        {
            JsonObject => "object",
            JsonArray => "array",
            JsonValue v => v.GetValueKind() switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Number => "number",
                JsonValueKind.True or JsonValueKind.False => "bool",
                _ => "null",
            },
            _ => "null",
        };
        if (what == "number" && goType is "int32" or "int64" or "uint32" or "uint64" or "protoreflect.EnumNumber")
        {
            what = "number " + JsonNumbers.Text((JsonValue)raw);
        }
        return $"json: cannot unmarshal {what} into Go value of type {goType}";
    }

    /// <summary>Go's <c>%q</c> of a string (enough for error messages: quotes and backslashes escaped).</summary>
    internal static string GoQuote(string s) => GoQuoting.Quote(s);

    private static string GoCharQuote(char c) => c == '\'' ? "'\\''" : "'" + c + "'";

    internal static MeshConfigException Error(string path, string message) => new(path + ": " + message);
}
