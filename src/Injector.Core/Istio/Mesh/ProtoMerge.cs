using System.Text.Json.Nodes;

namespace Injector.Istio.Mesh;

/// <summary>
/// protobuf-go's <c>proto.Merge(dst, src)</c> over canonical messages: every field populated in src is merged into
/// dst: scalars and enums overwrite; lists are appended; map entries overwrite per key; messages merge recursively
/// (a oneof member replaces a different member); a wrapper or Duration merges its inner fields, so a zero inner value
/// (<c>false</c>, <c>0</c>) leaves dst's (the quirk Istio's mergeWithPrecedence works around for concurrency).
/// </summary>
internal static class ProtoMerge
{
    public static void Merge(JsonObject dst, JsonObject src, ProtoMessageType type)
    {
        foreach (var field in type.Fields)
        {
            if (!src.TryGetPropertyValue(field.JsonName, out var value)) continue;
            if (field.IsList)
            {
                var list = dst[field.JsonName] as JsonArray ?? [];
                foreach (var item in (JsonArray)value!) list.Add(item?.DeepClone());
                dst[field.JsonName] = list;
                continue;
            }
            if (field.IsMap)
            {
                var map = dst[field.JsonName] as JsonObject ?? [];
                foreach (var (key, item) in (JsonObject)value!) map[key] = item?.DeepClone();
                dst[field.JsonName] = map;
                continue;
            }
            if (field.Oneof is not null)
            {
                foreach (var member in type.OneofMembers(field.Oneof))
                {
                    if (member != field) dst.Remove(member.JsonName);
                }
            }
            switch (field.Kind)
            {
                case ProtoKind.Message:
                    if (dst[field.JsonName] is JsonObject existing) Merge(existing, (JsonObject)value!, field.MessageType!);
                    else dst[field.JsonName] = value!.DeepClone();
                    break;
                case ProtoKind.Wrapper:
                    if (!IsZeroScalar(value) || !dst.ContainsKey(field.JsonName)) dst[field.JsonName] = value!.DeepClone();
                    break;
                case ProtoKind.Duration:
                    dst[field.JsonName] = MergeDuration(dst[field.JsonName], value!);
                    break;
                case ProtoKind.Struct:
                {
                    var fields = dst[field.JsonName] as JsonObject ?? [];
                    foreach (var (key, item) in (JsonObject)value!) fields[key] = item?.DeepClone();
                    dst[field.JsonName] = fields;
                    break;
                }
                default:
                    dst[field.JsonName] = value?.DeepClone();
                    break;
            }
        }
    }

    /// <summary>Duration's seconds and nanos merge separately: each non-zero one in src overwrites dst's.</summary>
    private static JsonNode MergeDuration(JsonNode? dst, JsonNode src)
    {
        var to = dst is null ? 0 : GoDuration.Parse(dst.GetValue<string>(), out _) ?? 0;
        var from = GoDuration.Parse(src.GetValue<string>(), out _) ?? 0;
        long seconds = to / 1_000_000_000, nanos = to % 1_000_000_000;
        if (from / 1_000_000_000 != 0) seconds = from / 1_000_000_000;
        if (from % 1_000_000_000 != 0) nanos = from % 1_000_000_000;
        return JsonValue.Create(GoDuration.Format(seconds * 1_000_000_000 + nanos))!;
    }

    private static bool IsZeroScalar(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v => v.ToJsonString() is "false" or "0" or "\"\"" or "\"0\"" or "0.0",
        _ => false,
    };
}
