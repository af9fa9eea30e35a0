using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Templates.Values;

namespace Injector.Istio.Mesh;

/// <summary>
/// A generated protobuf Go struct (a non-nil <c>*v1alpha1.ProxyConfig</c>, <c>*v1alpha1.Tracing</c>, ...) over its
/// canonical JSON, for templates: every field by its Go name, typed from the schema (an unset field is its Go zero
/// value: <c>""</c>, <c>0</c>, a nil slice or map, a typed nil pointer whose getters still work); every
/// <c>Get&lt;Field&gt;</c> getter, oneof members and the oneof itself included.
/// </summary>
internal sealed class ProtoStructView : GoStruct, IProtoMessageValue
{
    private readonly JsonObject? message;
    private readonly ProtoMessageType type;
    // A memo of this view's own fields, not of request data: keys are the message type's Go field names (only names
    // the type has are added, so at most its field count), each value depends on the immutable message alone, and one
    // stays the same object for every read (Go's pointer identity for eq). Concurrent: a revision's MeshConfig view is
    // read by every render at once.
    private System.Collections.Concurrent.ConcurrentDictionary<string, object?>? fields;

    public ProtoStructView(ProtoMessageType type, JsonObject? message)
    {
        this.type = type;
        this.message = message;
    }

    public override string TypeName => "*" + type.GoName;

    public ProtoMessageType Type => type;

    public override bool TryGetField(string name, out object? value)
    {
        // Views are immutable, so a field's value is built once (templates read ProxyMetadata and friends often).
        var memo = Volatile.Read(ref fields);
        if (memo is not null && memo.TryGetValue(name, out value)) return true;
        var field = type.FieldByGoName(name);
        var oneof = field is null || field.Oneof is not null ? type.OneofByGoName(name) : null;
        if (field is not null && field.Oneof is null) value = ProtoValues.FieldValue(field, message);
        else if (oneof is not null) value = ProtoValues.OneofValue(type, oneof, message);
        else
        {
            value = null;
            return false;
        }
        if (memo is null)
        {
            Interlocked.CompareExchange(ref fields, new System.Collections.Concurrent.ConcurrentDictionary<string, object?>(StringComparer.Ordinal), null);
            memo = fields!;
        }
        // The first value stored wins, so racing readers all get the same object.
        value = memo.GetOrAdd(name, value);
        return true;
    }

    public override bool TryGetMethod(string name, out GoMethod? method)
    {
        method = ProtoValues.Getter(type, message, name);
        return method is not null;
    }

    public override void WriteJson(Utf8JsonWriter writer) =>
        writer.WriteRawValue(ProtoJsonWriter.Write(message ?? [], type), skipInputValidation: true);

    public override string FormatValue() => ProtoText.Format(message ?? [], type);

    /// <summary>protoToJSON: a ProxyConfig is cleaned first (cleanProxyConfig), any other message printed as is.</summary>
    public string ToProtoJson() => ProtoJsonWriter.Write(
        type == ProtoCatalog.ProxyConfig ? ProxyConfigCleaner.Clean(message ?? []) : message ?? [], type);
}

/// <summary>The template values of protobuf fields.</summary>
internal static class ProtoValues
{
    /// <summary>The Go value of a field of <paramref name="message"/> (null: an absent message, all fields zero).</summary>
    public static object? FieldValue(ProtoField field, JsonObject? message)
    {
        JsonNode? node = null;
        var present = message is not null && message.TryGetPropertyValue(field.JsonName, out node);
        if (field.IsList)
        {
            var sliceType = "[]" + ElementGoType(field);
            if (!present) return GoListSlice.NilOf(sliceType);
            var array = (JsonArray)node!;
            var items = new object?[array.Count];
            for (var i = 0; i < items.Length; i++) items[i] = Singular(field, array[i], true);
            return GoListSlice.Of(sliceType, items);
        }
        if (field.IsMap)
        {
            if (field.Kind == ProtoKind.String)
            {
                if (!present) return GoStringMap.Nil;
                return GoStringMap.ReadOnly(((JsonObject)node!).Select(p => new KeyValuePair<string, string>(p.Key, p.Value!.GetValue<string>())));
            }
            // Other value types: a read-only map of the values (the model's typed maps are string ones only).
            if (!present) return GoAnyMap.Nil;
            return GoAnyMap.ReadOnly(((JsonObject)node!).Select(p => new KeyValuePair<string, object?>(p.Key, Singular(field, p.Value, true))));
        }
        return Singular(field, node, present);
    }

    /// <summary>A oneof's Go field: nil, or the wrapper struct holding the set member (<c>*v1alpha1.ProxyConfig_ServiceCluster</c>).</summary>
    public static object? OneofValue(ProtoMessageType type, string oneof, JsonObject? message)
    {
        if (message is null) return null;
        foreach (var member in type.OneofMembers(oneof))
        {
            if (message.ContainsKey(member.JsonName)) return new OneofView(type, member, FieldValue(member, message));
        }
        return null;
    }

    /// <summary>A <c>Get&lt;Field&gt;</c> getter (nil-safe: <paramref name="message"/> null is a nil receiver).</summary>
    public static GoMethod? Getter(ProtoMessageType type, JsonObject? message, string name)
    {
        if (name.Length <= 3 || !name.StartsWith("Get", StringComparison.Ordinal)) return null;
        var goName = name[3..];
        var field = type.FieldByGoName(goName);
        if (field is not null) return args => NoArguments(name, args, FieldValue(field, message));
        var oneof = type.OneofByGoName(goName);
        if (oneof is not null) return args => NoArguments(name, args, OneofValue(type, oneof, message));
        return null;
    }

    private static object? NoArguments(string name, ReadOnlySpan<object?> args, object? result) =>
        args.Length == 0 ? result : throw new GoCallException($"wrong number of args for {name}: want 0 got {args.Length}");

    private static object? Singular(ProtoField field, JsonNode? node, bool present)
    {
        switch (field.Kind)
        {
            case ProtoKind.Message:
                return present && node is JsonObject obj
                    ? new ProtoStructView(field.MessageType!, obj)
                    : NilMessage(field.MessageType!);
            case ProtoKind.Wrapper:
                return present && node is not null ? new WrapperView(field.WrappedKind, Scalar(field.WrappedKind, node)) : WrapperView.Nil(field.WrappedKind);
            case ProtoKind.Duration:
                return present && node is JsonValue d ? new DurationView(GoDuration.Parse(d.GetValue<string>(), out _) ?? 0) : DurationView.Nil;
            case ProtoKind.Enum:
            {
                var enumType = field.EnumType!;
                if (!present || node is null) return new GoEnum(enumType.GoName, 0, enumType.NameOf(0) ?? "0");
                if (node.GetValueKind() == JsonValueKind.String)
                {
                    var name = node.GetValue<string>();
                    enumType.TryGetNumber(name, out var number);
                    return new GoEnum(enumType.GoName, number, name);
                }
                var n = node.GetValue<long>();
                return new GoEnum(enumType.GoName, n, n.ToString(CultureInfo.InvariantCulture));
            }
            case ProtoKind.Struct or ProtoKind.Value or ProtoKind.ListValue:
                // The structpb types are shown as the plain JSON values they hold (map[string]interface {}, ...).
                return present ? Templates.Values.GoJson.FromNode(node) : new GoNilPointer("*structpb." + field.Kind);
            case ProtoKind.Empty:
                return present ? Templates.Values.GoJson.FromNode(new JsonObject()) : new GoNilPointer("*emptypb.Empty");
            default:
                return present && node is not null ? Scalar(field.Kind, node) : Zero(field.Kind);
        }
    }

    public static GoNilPointer NilMessage(ProtoMessageType type) => new("*" + type.GoName, name => Getter(type, null, name));

    internal static object Scalar(ProtoKind kind, JsonNode node) => kind switch
    {
        ProtoKind.Bool => node.GetValueKind() == JsonValueKind.True,
        ProtoKind.String or ProtoKind.Bytes => node.GetValue<string>(),
        ProtoKind.Int64 => long.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture),
        ProtoKind.UInt64 => (long)ulong.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture),
        ProtoKind.Double or ProtoKind.Float => node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity }
            : double.Parse(JsonNumbers.Text((JsonValue)node), NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => long.Parse(JsonNumbers.Text((JsonValue)node), CultureInfo.InvariantCulture),
    };

    internal static object Zero(ProtoKind kind) => kind switch
    {
        ProtoKind.Bool => false,
        ProtoKind.String or ProtoKind.Bytes => "",
        ProtoKind.Double or ProtoKind.Float => 0.0,
        _ => 0L,
    };

    private static string ElementGoType(ProtoField field) => field.Kind switch
    {
        ProtoKind.Message => "*" + field.MessageType!.GoName,
        ProtoKind.Enum => field.EnumType!.GoName,
        ProtoKind.Wrapper => "*wrapperspb." + WrapperView.GoTypeName(field.WrappedKind),
        ProtoKind.Duration => "*durationpb.Duration",
        ProtoKind.Struct or ProtoKind.Value or ProtoKind.ListValue => "*structpb." + field.Kind,
        ProtoKind.Bytes => "[]uint8",
        _ => ScalarGoType(field.Kind),
    };

    internal static string ScalarGoType(ProtoKind kind) => kind switch
    {
        ProtoKind.Bool => "bool",
        ProtoKind.Int32 => "int32",
        ProtoKind.Int64 => "int64",
        ProtoKind.UInt32 => "uint32",
        ProtoKind.UInt64 => "uint64",
        ProtoKind.Double => "float64",
        ProtoKind.Float => "float32",
        _ => "string",
    };
}

/// <summary>The struct Go generates for a set oneof member (<c>*v1alpha1.ProxyConfig_ServiceCluster</c>): one field.</summary>
internal sealed class OneofView(ProtoMessageType owner, ProtoField member, object? value) : GoStruct
{
    /// <summary>protoc-gen-go appends "_" when the wrapper's name is taken by a nested type
    /// (<c>ProxyConfig_TracingServiceName_</c>, beside the enum <c>ProxyConfig_TracingServiceName</c>).</summary>
    public override string TypeName
    {
        get
        {
            var name = owner.GoName + "_" + member.GoName;
            return "*" + (ProtoCatalog.IsGoTypeName(name) ? name + "_" : name);
        }
    }

    public override bool TryGetField(string name, out object? result)
    {
        result = name == member.GoName ? value : null;
        return name == member.GoName;
    }

    public override void WriteJson(Utf8JsonWriter writer)
    {
        // encoding/json on the generated wrapper struct: its one field under the proto name (omitempty).
        writer.WriteStartObject();
        writer.WritePropertyName(member.ProtoName);
        switch (value)
        {
            case GoStruct s: s.WriteJson(writer); break;
            case GoEnum e: writer.WriteNumberValue(e.Number); break;
            case string text: writer.WriteStringValue(text); break;
            default: writer.WriteRawValue(value?.ToString() ?? "null"); break;
        }
        writer.WriteEndObject();
    }

    public override string FormatValue() => "&{" + (value is GoStruct s ? s.FormatValue() : value?.ToString()) + "}";
}

/// <summary>A non-nil <c>*wrapperspb.XValue</c>: field <c>Value</c>, getter <c>GetValue</c>.</summary>
internal sealed class WrapperView(ProtoKind kind, object value) : GoStruct
{
    public static string GoTypeName(ProtoKind kind) => kind switch
    {
        ProtoKind.UInt32 => "UInt32Value",
        ProtoKind.UInt64 => "UInt64Value",
        _ => kind + "Value",
    };

    public static GoNilPointer Nil(ProtoKind kind) =>
        new("*wrapperspb." + GoTypeName(kind), name => name == "GetValue" ? args => ProtoValues.Zero(kind) : null);

    public object Value => value;

    public override string TypeName => "*wrapperspb." + GoTypeName(kind);

    public override bool TryGetField(string name, out object? result)
    {
        result = name == "Value" ? value : null;
        return name == "Value";
    }

    public override bool TryGetMethod(string name, out GoMethod? method)
    {
        method = name == "GetValue" ? args => value : null;
        return method is not null;
    }

    public override void WriteJson(Utf8JsonWriter writer)
    {
        // wrapperspb has no MarshalJSON: encoding/json writes the struct, `value` omitted when zero.
        writer.WriteStartObject();
        if (!Equals(value, ProtoValues.Zero(kind)))
        {
            writer.WritePropertyName("value");
            switch (value)
            {
                case bool b: writer.WriteBooleanValue(b); break;
                case long l: writer.WriteNumberValue(l); break;
                case double d: writer.WriteRawValue(Kube.Yaml.GoFloatText.Json(d)); break;
                default: writer.WriteStringValue((string)value); break;
            }
        }
        writer.WriteEndObject();
    }

    public override string FormatValue() => "value:" + ProtoText.Scalar(value);
}

/// <summary>A non-nil <c>*durationpb.Duration</c>: <c>Seconds</c>, <c>Nanos</c> and their getters.</summary>
internal sealed class DurationView(long nanoseconds) : GoStruct
{
    public static GoNilPointer Nil { get; } = new("*durationpb.Duration", name => name switch
    {
        "GetSeconds" or "GetNanos" => args => 0L,
        _ => null,
    });

    public long Seconds => nanoseconds / 1_000_000_000;

    public long Nanos => nanoseconds % 1_000_000_000;

    public override string TypeName => "*durationpb.Duration";

    public override bool TryGetField(string name, out object? value)
    {
        value = name switch { "Seconds" => Seconds, "Nanos" => Nanos, _ => null };
        return value is not null;
    }

    public override bool TryGetMethod(string name, out GoMethod? method)
    {
        method = name switch
        {
            "GetSeconds" => args => Seconds,
            "GetNanos" => args => Nanos,
            _ => null,
        };
        return method is not null;
    }

    public override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Seconds != 0) writer.WriteNumber("seconds", Seconds);
        if (Nanos != 0) writer.WriteNumber("nanos", Nanos);
        writer.WriteEndObject();
    }

    public override string FormatValue()
    {
        var parts = new List<string>(2);
        if (Seconds != 0) parts.Add("seconds:" + Seconds.ToString(CultureInfo.InvariantCulture));
        if (Nanos != 0) parts.Add("nanos:" + Nanos.ToString(CultureInfo.InvariantCulture));
        return string.Join(' ', parts);
    }
}

/// <summary>
/// What a message's <c>String()</c> (prototext) prints, for <c>fmt</c>'s <c>%v</c>. Go's prototext inserts random
/// spaces on purpose so nobody depends on its exact form; this writes single spaces.
/// </summary>
internal static class ProtoText
{
    public static string Format(JsonObject message, ProtoMessageType type)
    {
        var sb = new StringBuilder();
        Append(sb, message, type);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, JsonObject message, ProtoMessageType type)
    {
        var ordered = ProtoJsonWriter.Ordered(message, type);
        var first = true;
        foreach (var (key, value) in ordered)
        {
            var field = type.FieldByJsonName(key)!;
            var items = field.IsList ? ((JsonArray)value!).ToArray() : [value];
            foreach (var item in items)
            {
                if (field.IsMap)
                {
                    foreach (var (k, v) in (JsonObject)item!)
                    {
                        if (!first) sb.Append(' ');
                        first = false;
                        sb.Append(field.ProtoName).Append(":{key:").Append(Quote(k)).Append(" value:");
                        AppendValue(sb, v, field);
                        sb.Append('}');
                    }
                    continue;
                }
                if (!first) sb.Append(' ');
                first = false;
                sb.Append(field.ProtoName).Append(':');
                AppendValue(sb, item, field);
            }
        }
    }

    private static void AppendValue(StringBuilder sb, JsonNode? value, ProtoField field)
    {
        switch (field.Kind)
        {
            case ProtoKind.Message:
                sb.Append('{');
                Append(sb, (JsonObject)value!, field.MessageType!);
                sb.Append('}');
                break;
            case ProtoKind.Wrapper:
                sb.Append("{value:").Append(Scalar(ProtoValues.Scalar(field.WrappedKind, value!))).Append('}');
                break;
            case ProtoKind.Duration:
                sb.Append('{').Append(new DurationView(GoDuration.Parse(value!.GetValue<string>(), out _) ?? 0).FormatValue()).Append('}');
                break;
            case ProtoKind.Enum:
                sb.Append(value!.ToJsonString().Trim('"'));
                break;
            case ProtoKind.Struct or ProtoKind.Value or ProtoKind.ListValue or ProtoKind.Empty:
                sb.Append('{').Append(value?.ToJsonString()).Append('}');
                break;
            default:
                sb.Append(Scalar(ProtoValues.Scalar(field.Kind, value!)));
                break;
        }
    }

    internal static string Scalar(object value) => value switch
    {
        string s => Quote(s),
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Quote(string s) => GoQuoting.Quote(s);
}
