using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Injector.Kube.Yaml;

namespace Injector.Kube.StrategicMerge;

/// <summary>The Go type a JSON value has after <c>json.Unmarshal</c> into <c>interface{}</c>.</summary>
internal enum GoJsonType
{
    Nil,
    Map,
    Slice,
    String,
    Float64,
    Bool,
}

/// <summary>
/// JSON values as Go's <c>interface{}</c> holds them after <c>json.Unmarshal</c> (numbers are <c>float64</c>):
/// their type, <c>==</c> between them, and how <c>fmt</c> prints them in apimachinery's messages.
/// </summary>
internal static class GoJsonValue
{
    public static GoJsonType TypeOf(JsonNode? node) => node switch
    {
        null => GoJsonType.Nil,
        JsonObject => GoJsonType.Map,
        JsonArray => GoJsonType.Slice,
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => GoJsonType.String,
            JsonValueKind.Number => GoJsonType.Float64,
            JsonValueKind.True or JsonValueKind.False => GoJsonType.Bool,
            _ => GoJsonType.Nil,
        },
    };

    /// <summary><c>reflect.TypeOf(v)</c> as <c>%s</c> prints it.</summary>
    public static string TypeName(JsonNode? node) => TypeName(TypeOf(node));

    public static string TypeName(GoJsonType type) => type switch
    {
        GoJsonType.Map => "map[string]interface {}",
        GoJsonType.Slice => "[]interface {}",
        GoJsonType.String => "string",
        GoJsonType.Float64 => "float64",
        GoJsonType.Bool => "bool",
        _ => "%!s(<nil>)",
    };

    public static bool IsString(JsonNode? node, string value) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == value;

    /// <summary>
    /// Go's <c>==</c> on two <c>interface{}</c> values: equal types and values (numbers as <c>float64</c>). Two maps
    /// or two slices cannot be compared: Go panics, this throws.
    /// </summary>
    public static bool GoEquals(JsonNode? a, JsonNode? b)
    {
        var type = TypeOf(a);
        if (type != TypeOf(b)) return false;
        return type switch
        {
            GoJsonType.Nil => true,
            GoJsonType.Map or GoJsonType.Slice => throw Uncomparable(type),
            _ => Key(a).Equals(Key(b)),
        };
    }

    /// <summary>A hashable stand-in for a scalar, equal exactly when Go's <c>==</c> says so.</summary>
    public static GoKey Key(JsonNode? node)
    {
        var type = TypeOf(node);
        return type switch
        {
            GoJsonType.Nil => new GoKey(type, null, 0),
            GoJsonType.String => new GoKey(type, node!.GetValue<string>(), 0),
            GoJsonType.Bool => new GoKey(type, null, node!.GetValueKind() == JsonValueKind.True ? 1 : 0),
            GoJsonType.Float64 => new GoKey(type, null, Normalize(Number(node!))),
            _ => throw Uncomparable(type),
        };
    }

    public static double Number(JsonNode node) =>
        double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double Normalize(double d) => d == 0 ? 0 : d; // -0 == 0 in Go

    private static StrategicMergeException Uncomparable(GoJsonType type) =>
        new($"runtime error: comparing uncomparable type {TypeName(type)}");

    /// <summary><c>fmt</c>'s <c>%v</c>: <c>map[k:v ...]</c> with sorted keys, <c>[a b]</c>, <c>&lt;nil&gt;</c>; cut at <paramref name="max"/> characters.</summary>
    public static string FormatV(JsonNode? node, int max)
    {
        var sb = new StringBuilder();
        AppendV(sb, node, max, 0);
        return sb.Length > max ? sb.ToString(0, max) + "…" : sb.ToString();
    }

    /// <summary><c>fmt</c>'s <c>%s</c>: a string as it is, anything else as <c>%!s(type=value)</c>.</summary>
    public static string FormatS(JsonNode? node, int max) =>
        TypeOf(node) == GoJsonType.String ? node!.GetValue<string>()
        : node is null ? "%!s(<nil>)"
        : $"%!s({TypeName(node)}={FormatV(node, max)})";

    private static void AppendV(StringBuilder sb, JsonNode? node, int max, int depth)
    {
        if (sb.Length > max || depth > 32)
        {
            return;
        }
        switch (node)
        {
            case null:
                sb.Append("<nil>");
                break;
            case JsonObject obj:
                sb.Append("map[");
                var keys = new List<string>(obj.Count);
                foreach (var (key, _) in obj) keys.Add(key);
                keys.Sort(Utf8Order.Comparer);
                for (var i = 0; i < keys.Count && sb.Length <= max; i++)
                {
                    if (i > 0) sb.Append(' ');
                    sb.Append(keys[i]).Append(':');
                    AppendV(sb, obj[keys[i]], max, depth + 1);
                }
                sb.Append(']');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count && sb.Length <= max; i++)
                {
                    if (i > 0) sb.Append(' ');
                    AppendV(sb, array[i], max, depth + 1);
                }
                sb.Append(']');
                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.String:
                        sb.Append(node.GetValue<string>());
                        break;
                    case JsonValueKind.Number:
                        sb.Append(GoFloatText.Float64G(Number(node)).Replace(".inf", "+Inf", StringComparison.Ordinal));
                        break;
                    case JsonValueKind.True:
                        sb.Append("true");
                        break;
                    default:
                        sb.Append("false");
                        break;
                }
                break;
        }
    }
}

/// <summary>A scalar as Go compares it: its type and value.</summary>
internal readonly record struct GoKey(GoJsonType Type, string? Text, double Number);
