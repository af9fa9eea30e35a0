using System.Text.Json;
using System.Text.Json.Nodes;

namespace Injector.Templates.Values;

/// <summary>
/// Converts <c>System.Text.Json</c> trees into the Go values <c>encoding/json</c> produces when it decodes into
/// <c>any</c>: objects → <c>map[string]interface {}</c>, arrays → <c>[]interface {}</c>, every number → float64
/// (<see cref="double"/>), strings, booleans and <c>null</c> (Go's nil). The result is read-only, safe to share between
/// requests (revision values are built this way once, at load).
/// </summary>
public static class GoJson
{
    /// <summary>Deeper documents are refused: every consumer of the result walks it recursively.</summary>
    public const int MaxDepth = 1000;

    public static object? FromElement(JsonElement element) => FromElement(element, 0);

    public static object? FromNode(JsonNode? node) => FromNode(node, 0);

    private static object? FromElement(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                CheckDepth(depth);
                var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    // encoding/json keeps the last of duplicate keys.
                    entries[property.Name] = FromElement(property.Value, depth + 1);
                }
                return GoAnyMap.Wrap(entries, mutable: false);
            }
            case JsonValueKind.Array:
            {
                CheckDepth(depth);
                var items = new object?[element.GetArrayLength()];
                int i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[i++] = FromElement(item, depth + 1);
                }
                return GoListSlice.Any(items);
            }
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return ToFloat64(element.GetRawText());
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    private static object? FromNode(JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
            {
                CheckDepth(depth);
                var entries = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, value) in obj)
                {
                    entries[key] = FromNode(value, depth + 1);
                }
                return GoAnyMap.Wrap(entries, mutable: false);
            }
            case JsonArray array:
            {
                CheckDepth(depth);
                var items = new object?[array.Count];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = FromNode(array[i], depth + 1);
                }
                return GoListSlice.Any(items);
            }
            default:
                return node.GetValueKind() switch
                {
                    JsonValueKind.String => node.GetValue<string>(),
                    JsonValueKind.Number => ToFloat64(node.ToJsonString()),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => null,
                };
        }
    }

    private static double ToFloat64(string literal)
    {
        // Go parses the literal with strconv.ParseFloat (correctly rounded, as .NET is); out of range is an error.
        double value = double.Parse(literal, System.Globalization.CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw new JsonException("json: cannot unmarshal number " + literal + " into Go value of type float64");
        }
        return value;
    }

    private static void CheckDepth(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new JsonException("JSON nested deeper than " + MaxDepth + " levels");
        }
    }
}
