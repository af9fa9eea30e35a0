using System.Text;
using System.Text.Json.Nodes;
using Injector.Kube.Json;
using Injector.Templates.Values;

namespace Injector.Istio.Mesh;

/// <summary>
/// Writes a canonical message as Istio's <c>protomarshal.ToJSON</c> (legacy <c>jsonpb.Marshaler{}</c>) does: compact,
/// fields in declaration order (a oneof at its first member's place), JSON names, unset fields left out, map keys
/// sorted, strings and floats as Go's <c>encoding/json</c> writes them.
/// </summary>
internal static class ProtoJsonWriter
{
    public static string Write(JsonObject message, ProtoMessageType type) =>
        Encoding.UTF8.GetString(Kube.Json.GoJson.Serialize(Ordered(message, type)));

    /// <summary>A deep copy in output order.</summary>
    public static JsonObject Ordered(JsonObject message, ProtoMessageType type)
    {
        var result = new JsonObject();
        string? lastOneof = null;
        foreach (var field in type.Fields)
        {
            if (field.Oneof is not null)
            {
                if (field.Oneof == lastOneof) continue;
                lastOneof = field.Oneof;
                foreach (var member in type.OneofMembers(field.Oneof))
                {
                    if (message.TryGetPropertyValue(member.JsonName, out var set)) result[member.JsonName] = OrderedValue(set, member);
                }
                continue;
            }
            lastOneof = null;
            if (message.TryGetPropertyValue(field.JsonName, out var value)) result[field.JsonName] = OrderedValue(value, field);
        }
        return result;
    }

    private static JsonNode? OrderedValue(JsonNode? value, ProtoField field)
    {
        if (field.IsList)
        {
            var list = new JsonArray();
            foreach (var item in (JsonArray)value!) list.Add(OrderedSingular(item, field));
            return list;
        }
        if (field.IsMap)
        {
            var map = (JsonObject)value!;
            var keys = map.Select(p => p.Key).ToArray();
            Array.Sort(keys, GoStringOrder.Instance);
            var sorted = new JsonObject();
            foreach (var key in keys) sorted[key] = OrderedSingular(map[key], field);
            return sorted;
        }
        return OrderedSingular(value, field);
    }

    private static JsonNode? OrderedSingular(JsonNode? value, ProtoField field) => field.Kind switch
    {
        ProtoKind.Message => Ordered((JsonObject)value!, field.MessageType!),
        ProtoKind.Struct or ProtoKind.Value or ProtoKind.ListValue => SortedJson(value),
        _ => value?.DeepClone(),
    };

    /// <summary>Struct fields are a map: jsonpb writes them sorted.</summary>
    private static JsonNode? SortedJson(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
            {
                var keys = obj.Select(p => p.Key).ToArray();
                Array.Sort(keys, GoStringOrder.Instance);
                var sorted = new JsonObject();
                foreach (var key in keys) sorted[key] = SortedJson(obj[key]);
                return sorted;
            }
            case JsonArray array:
            {
                var list = new JsonArray();
                foreach (var item in array) list.Add(SortedJson(item));
                return list;
            }
            default:
                return value?.DeepClone();
        }
    }
}
