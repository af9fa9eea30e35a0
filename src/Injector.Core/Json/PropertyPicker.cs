using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Injector.Json;

/// <summary>
/// Finds several properties of one JSON object in a single forward pass. Each <c>TryGetProperty</c> scans the object
/// from its end, so reading six members of <c>spec</c> one by one walked its properties six times.
/// Same answers as <c>TryGetProperty</c>: escaped names match their unescaped text, and a repeated name keeps its last value.
/// </summary>
internal sealed class PropertyPicker
{
    private readonly byte[][] _names;
    private readonly int[][] _byLength;

    public PropertyPicker(params string[] names)
    {
        _names = Array.ConvertAll(names, Encoding.UTF8.GetBytes);
        var longest = 0;
        foreach (var name in _names) longest = Math.Max(longest, name.Length);
        var buckets = new List<int>[longest + 1];
        for (var i = 0; i < _names.Length; i++) (buckets[_names[i].Length] ??= []).Add(i);
        _byLength = Array.ConvertAll(buckets, b => b is null ? [] : b.ToArray());
    }

    public int Count => _names.Length;

    /// <summary>Fills <paramref name="found"/>[i] with the value of name i (Undefined when absent; all Undefined when <paramref name="obj"/> is not an object).</summary>
    public void Pick(JsonElement obj, Span<JsonElement> found)
    {
        found.Clear();
        if (obj.ValueKind != JsonValueKind.Object) return;
        foreach (var property in obj.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            if (raw.IndexOf((byte)'\\') >= 0)
            {
                // An escaped name (rare): let the reader unescape it while comparing.
                for (var i = 0; i < _names.Length; i++)
                {
                    if (property.NameEquals(_names[i])) found[i] = property.Value;
                }
                continue;
            }
            if (raw.Length >= _byLength.Length) continue;
            foreach (var i in _byLength[raw.Length])
            {
                if (raw.SequenceEqual(_names[i]))
                {
                    found[i] = property.Value;
                    break;
                }
            }
        }
    }
}
