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
    private readonly string[] _strings;
    private readonly byte[][] _names;
    private readonly int[][] _byLength;

    /// <param name="names">ASCII names (JSON members, annotation keys), so a name's UTF-8 length is its length.</param>
    public PropertyPicker(params string[] names)
    {
        foreach (var name in names)
        {
            if (!Ascii.IsValid(name)) throw new ArgumentException("property names must be ASCII: " + name, nameof(names));
        }
        _strings = names;
        _names = Array.ConvertAll(names, Encoding.UTF8.GetBytes);
        var longest = 0;
        foreach (var name in _names) longest = Math.Max(longest, name.Length);
        var buckets = new List<int>[longest + 1];
        for (var i = 0; i < _names.Length; i++) (buckets[_names[i].Length] ??= []).Add(i);
        _byLength = Array.ConvertAll(buckets, b => b is null ? [] : b.ToArray());
    }

    /// <summary>Fills <paramref name="found"/>[i] with the value of name i (Undefined when absent; all Undefined when <paramref name="obj"/> is not an object).</summary>
    public void Pick(JsonTreeElement obj, Span<JsonTreeElement> found)
    {
        found.Clear();
        if (obj.ValueKind != JsonValueKind.Object) return;
        foreach (var property in obj.EnumerateObject())
        {
            var i = IndexOf(property);
            if (i >= 0) found[i] = property.Value;
        }
    }

    /// <summary>The index of <paramref name="property"/>'s name among the picker's names, or -1.</summary>
    public int IndexOf(JsonTreeProperty property)
    {
        var raw = property.RawName;
        if (property.NameIsEscaped)
        {
            // An escaped name (rare): let the reader unescape it while comparing.
            for (var i = 0; i < _names.Length; i++)
            {
                if (property.NameEquals(_names[i])) return i;
            }
            return -1;
        }
        if (raw.Length >= _byLength.Length) return -1;
        foreach (var i in _byLength[raw.Length])
        {
            if (raw.SequenceEqual(_names[i])) return i;
        }
        return -1;
    }

    /// <summary>The index of <paramref name="name"/>, or -1: one or two string compares (callers pass constants, so the reference check usually decides).</summary>
    public int IndexOf(string name)
    {
        if ((uint)name.Length >= (uint)_byLength.Length) return -1;
        foreach (var i in _byLength[name.Length])
        {
            if (string.Equals(_strings[i], name)) return i;
        }
        return -1;
    }
}
