using System.Text.Json.Nodes;

namespace Injector.Workloads;

/// <summary>
/// Applies an RFC 6902 JSON Patch to a <see cref="JsonNode"/> tree in place: <c>add</c> (with <c>-</c> to append),
/// <c>remove</c> and <c>replace</c>, the operations an injection patch uses. Any other operation, a missing parent or
/// an index out of range throws <see cref="InvalidDataException"/> naming the operation.
/// </summary>
internal static class JsonPatchApplier
{
    /// <summary>Returns the patched document (a new root only when an operation targets the whole document).</summary>
    public static JsonNode? Apply(JsonNode? document, JsonArray operations)
    {
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject op) throw Fail(i, "is not an object");
            var name = ReadString(op, "op", i);
            var path = ReadString(op, "path", i);
            string[] segments;
            try
            {
                segments = JsonPointerParser.Parse(path);
            }
            catch (InvalidDataException ex)
            {
                throw Fail(i, ex.Message);
            }

            switch (name)
            {
                case "add":
                    document = Add(document, segments, ValueOf(op, i), i, path);
                    break;
                case "replace":
                    var value = ValueOf(op, i);
                    if (segments.Length == 0) { document = value; break; }
                    Replace(document, segments, value, i, path);
                    break;
                case "remove":
                    if (segments.Length == 0) throw Fail(i, "cannot remove the whole document");
                    Remove(document, segments, i, path);
                    break;
                default:
                    throw Fail(i, $"op '{name}' is not supported (add, remove, replace)");
            }
        }
        return document;
    }

    private static JsonNode? Add(JsonNode? document, string[] segments, JsonNode? value, int index, string path)
    {
        if (segments.Length == 0) return value;
        var parent = Parent(document, segments, index, path);
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array:
                if (last == "-") { array.Add(value); break; }
                var at = ArrayIndex(last, array.Count, index, path);
                array.Insert(at, value);
                break;
            default:
                throw Fail(index, $"the parent of '{path}' is not an object or array");
        }
        return document;
    }

    // In place, so an object keeps its key order.
    private static void Replace(JsonNode? document, string[] segments, JsonNode? value, int index, string path)
    {
        var parent = Parent(document, segments, index, path);
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                obj[last] = value;
                break;
            case JsonArray array:
                array[ArrayIndex(last, array.Count - 1, index, path)] = value;
                break;
            default:
                throw Fail(index, $"'{path}' does not exist");
        }
    }

    private static void Remove(JsonNode? document, string[] segments, int index, string path)
    {
        var parent = Parent(document, segments, index, path);
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                obj.Remove(last);
                break;
            case JsonArray array:
                array.RemoveAt(ArrayIndex(last, array.Count - 1, index, path));
                break;
            default:
                throw Fail(index, $"'{path}' does not exist");
        }
    }

    private static JsonNode? Parent(JsonNode? document, string[] segments, int index, string path)
    {
        var node = document;
        for (var s = 0; s < segments.Length - 1; s++)
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(segments[s], out var child) => child,
                JsonArray array => array[ArrayIndex(segments[s], array.Count - 1, index, path)],
                _ => throw Fail(index, $"'{path}': '{segments[s]}' does not exist"),
            };
        }
        return node;
    }

    // RFC 6901: decimal digits, no leading zeros; at most maxIndex (count for add, count-1 otherwise).
    private static int ArrayIndex(string segment, int maxIndex, int index, string path)
    {
        var valid = segment.Length > 0 && segment.Length <= 9 && (segment == "0" || segment[0] != '0');
        foreach (var c in segment) valid &= c is >= '0' and <= '9';
        if (!valid) throw Fail(index, $"'{path}': '{segment}' is not an array index");
        var i = int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture);
        if (i > maxIndex) throw Fail(index, $"'{path}': index {i} is out of range");
        return i;
    }

    private static string ReadString(JsonObject op, string member, int index) =>
        op[member] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Fail(index, $"has no string '{member}'");

    // The value is deep-cloned: a node can have only one parent, and the patch may be applied again.
    private static JsonNode? ValueOf(JsonObject op, int index) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw Fail(index, "has no 'value'");

    private static InvalidDataException Fail(int index, string message) => new($"JSON Patch operation {index}: {message}");
}
